"""CommonMark to HTML with GitHub's cmark-gfm, freeing what it allocates.

cmark-gfm is C: it parses in time linear in its input (its own test suite
holds pathological inputs to that). It comes in the ``cmarkgfm`` wheel, whose
Python functions never free the parsed document nor the rendered HTML: a long
running server would leak about thirty times the size of every text it
renders. So this module declares the few C functions it needs from the same
library and frees both itself.
"""

import functools

import cffi
from cmarkgfm import _cmark
from cmarkgfm.cmark import Options

_DECLARATIONS = """
typedef struct cmark_node cmark_node;
typedef struct cmark_parser cmark_parser;
typedef struct cmark_syntax_extension cmark_syntax_extension;
typedef struct cmark_llist cmark_llist;
typedef struct cmark_mem {
  void *(*calloc)(size_t, size_t);
  void *(*realloc)(void *, size_t);
  void (*free)(void *);
} cmark_mem;
cmark_mem *cmark_get_default_mem_allocator(void);
void cmark_gfm_core_extensions_ensure_registered(void);
cmark_syntax_extension *cmark_find_syntax_extension(const char *name);
cmark_parser *cmark_parser_new(int options);
int cmark_parser_attach_syntax_extension(cmark_parser *parser,
                                         cmark_syntax_extension *extension);
void cmark_parser_feed(cmark_parser *parser, const char *buffer, size_t len);
cmark_node *cmark_parser_finish(cmark_parser *parser);
cmark_llist *cmark_parser_get_syntax_extensions(cmark_parser *parser);
char *cmark_render_html(cmark_node *root, int options, cmark_llist *extensions);
void cmark_node_free(cmark_node *node);
void cmark_parser_free(cmark_parser *parser);
"""

# Raw HTML is passed through (the allow-list judges it afterwards); footnotes on.
OPTIONS = Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_FOOTNOTES
EXTENSIONS = (b"table",)


@functools.cache
def _library():
    ffi = cffi.FFI()
    ffi.cdef(_DECLARATIONS)
    # The library cmarkgfm has already loaded: the same code and the same
    # registry of extensions.
    library = ffi.dlopen(_cmark.__file__)
    library.cmark_gfm_core_extensions_ensure_registered()
    extensions = [library.cmark_find_syntax_extension(name) for name in EXTENSIONS]
    if any(extension == ffi.NULL for extension in extensions):
        raise RuntimeError(f"cmark-gfm lacks one of the extensions {EXTENSIONS}")
    return ffi, library, extensions


def commonmark_to_html(text: str) -> str:
    """CommonMark with tables and footnotes, raw HTML left in, as HTML."""
    ffi, library, extensions = _library()
    # A lone surrogate (from a JSON escape, say) cannot be UTF-8: it becomes "?".
    source = text.encode("utf-8", "replace")
    parser = library.cmark_parser_new(OPTIONS)
    document = rendered = ffi.NULL
    try:
        for extension in extensions:
            library.cmark_parser_attach_syntax_extension(parser, extension)
        library.cmark_parser_feed(parser, source, len(source))
        document = library.cmark_parser_finish(parser)
        rendered = library.cmark_render_html(
            document, OPTIONS, library.cmark_parser_get_syntax_extensions(parser)
        )
        return ffi.string(rendered).decode("utf-8")
    finally:
        if rendered != ffi.NULL:
            library.cmark_get_default_mem_allocator().free(rendered)
        if document != ffi.NULL:
            library.cmark_node_free(document)
        library.cmark_parser_free(parser)

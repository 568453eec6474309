// Name the boxes that select2 draws for an admin autocomplete select.
// select2 labels its combobox and its text box with the text they show, which
// is empty until something is chosen; screen readers then announce a nameless
// control. Both are labelled here by the field's own <label>, then by what
// they show. Runs after Django's autocomplete.js has drawn them.
'use strict';
{
    const $ = django.jQuery;

    function name(select) {
        const label = select.id && document.querySelector(`label[for="${select.id}"]`);
        const drawn = select.nextElementSibling;
        if (!label || !drawn || !drawn.classList.contains('select2')) {
            return;
        }
        label.id = label.id || `${select.id}-label`;
        const rendered = drawn.querySelector('.select2-selection__rendered');
        const combobox = drawn.querySelector('.select2-selection');
        if (rendered) {
            rendered.setAttribute('aria-labelledby', label.id);
        }
        if (combobox && rendered) {
            combobox.setAttribute('aria-labelledby', `${label.id} ${rendered.id}`);
        }
    }

    $(function() {
        document.querySelectorAll('select.admin-autocomplete').forEach(name);
    });
    document.addEventListener('formset:added', function(event) {
        event.target.querySelectorAll('select.admin-autocomplete').forEach(name);
    });
}

"""Insert many rows given as tuples, without building model instances.

``bulk_create`` builds a model instance per row and PostgreSQL's driver quotes
every value of a multi-row INSERT on the client; for the millions of rows of
the load data set that is most of the time spent. Here rows are plain tuples:
on PostgreSQL they stream through ``COPY … FROM STDIN``, elsewhere (SQLite) they
go through ``executemany`` after Django's own conversion of each value.

The caller names every column (by field attname, e.g. ``question_id``) except
the ones it leaves to a constant default or NULL: a model that gains a column
with any other default makes the writer refuse instead of writing half a row.
Primary keys come from ``reserve_ids`` so that rows can point at each other
before any of them is written.
"""

from collections.abc import Iterable, Sequence

from django.db import connection, models


def _uses_copy() -> bool:
    return connection.vendor == "postgresql"


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` new primary keys for ``model``, from its sequence where it has one."""
    if count == 0:
        return []
    table = model._meta.db_table
    pk = model._meta.pk.column
    with connection.cursor() as cursor:
        if _uses_copy():
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) "
                "FROM generate_series(1, %s)",
                [connection.ops.quote_name(table), pk, count],
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite: the caller holds the write lock inside its transaction, and
        # explicit keys move the AUTOINCREMENT counter on.
        quote = connection.ops.quote_name
        # Identifiers from the model's metadata, quoted; no user input.
        sql = f"SELECT COALESCE(MAX({quote(pk)}), 0) FROM {quote(table)}"  # noqa: S608
        cursor.execute(sql)
        start = cursor.fetchone()[0] + 1
    return list(range(start, start + count))


class RowWriter:
    """Writes tuples whose values follow ``columns`` into ``model``'s table."""

    def __init__(self, model: type[models.Model], columns: Sequence[str]):
        meta = model._meta
        self.fields = [meta.get_field(name) for name in columns]
        given = {field.attname for field in self.fields}
        self.defaults = [
            field
            for field in meta.concrete_fields
            if field.attname not in given and not field.primary_key
        ]
        for field in self.defaults:
            constant_default = field.has_default() and not callable(field.default)
            if not (constant_default or (field.null and not field.has_default())):
                raise ValueError(
                    f"{meta.label}.{field.name} needs a value in every row: "
                    "it has no constant default."
                )
        self.default_values = tuple(field.get_default() for field in self.defaults)
        # psycopg adapts ints, strings, booleans, dates and aware datetimes on
        # its own; for COPY, JSON needs Django's adapter.
        self.json_columns = [
            index
            for index, field in enumerate(self.fields)
            if isinstance(field, models.JSONField)
        ]
        quote = connection.ops.quote_name
        self.table = quote(meta.db_table)
        self.column_sql = ", ".join(
            quote(field.column) for field in self.fields + self.defaults
        )

    def write(self, rows: Iterable[tuple]) -> int:
        """Insert ``rows``; return how many there were."""
        if _uses_copy():
            return self._copy(rows)
        return self._execute_many(rows)

    def _copy(self, rows: Iterable[tuple]) -> int:
        count = 0
        sql = f"COPY {self.table} ({self.column_sql}) FROM STDIN"
        with connection.cursor() as cursor, cursor.copy(sql) as copy:
            for row in rows:
                if self.json_columns:
                    row = list(row)
                    for index in self.json_columns:
                        row[index] = self.fields[index].get_db_prep_save(
                            row[index], connection
                        )
                copy.write_row((*row, *self.default_values))
                count += 1
        return count

    def _execute_many(self, rows: Iterable[tuple]) -> int:
        fields = self.fields + self.defaults
        prepared = [
            [
                field.get_db_prep_save(value, connection)
                for field, value in zip(
                    fields, (*row, *self.default_values), strict=True
                )
            ]
            for row in rows
        ]
        placeholders = ", ".join(["%s"] * len(fields))
        values = f"VALUES ({placeholders})"
        sql = f"INSERT INTO {self.table} ({self.column_sql}) {values}"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.executemany(sql, prepared)
        return len(prepared)

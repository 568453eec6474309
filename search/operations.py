"""A migration operation for an index that only PostgreSQL has."""

from django.db.migrations.operations.base import Operation
from django.db.models import Index


class AddPostgreSQLIndex(Operation):
    """Create an index on PostgreSQL databases and do nothing on the others.

    The index stays out of the model state (and the model's ``Meta``): on
    SQLite a ``Meta`` index of a PostgreSQL kind (GIN) would fail whenever a
    later migration makes SQLite rebuild the table. So ``makemigrations`` never
    sees it, and squashing cannot fold it into the model.
    """

    reversible = True

    def __init__(self, model_name: str, index: Index):
        self.model_name = model_name
        self.index = index

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            model = to_state.apps.get_model(app_label, self.model_name)
            schema_editor.add_index(model, self.index)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            model = from_state.apps.get_model(app_label, self.model_name)
            schema_editor.remove_index(model, self.index)

    def describe(self):
        return f"Create index {self.index.name} on {self.model_name} (PostgreSQL only)"

    def deconstruct(self):
        kwargs = {"model_name": self.model_name, "index": self.index}
        return (self.__class__.__qualname__, [], kwargs)

    @property
    def migration_name_fragment(self):
        return self.index.name.lower()

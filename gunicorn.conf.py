"""gunicorn's settings for DiseaseMaps, read when gunicorn starts in the checkout.

Everything that differs between deployments still comes from the environment
(``GUNICORN_CMD_ARGS`` or the command line for gunicorn's own options). This
file holds what every deployment wants.
"""

import gunicorn.http.wsgi

# gunicorn writes "Server: gunicorn" on every response and has no setting to
# change it; the name tells an attacker which server's weaknesses to try.
# Each response reads this module attribute, so the workers, forked from the
# process that reads this file, send the site's name instead.
gunicorn.http.wsgi.SERVER = "DiseaseMaps"

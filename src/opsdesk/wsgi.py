import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opsdesk.settings")
application = get_wsgi_application()
# Everything loaded so far lives as long as the process: moving it out of the collector's
# generations keeps full collections short, which is what made slow requests slower.
gc.freeze()

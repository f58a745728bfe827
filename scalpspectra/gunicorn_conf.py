"""gunicorn settings for `make run`: one process whose four threads share the six loaded models.

The access log keeps what operating the site needs (time, method, path, status, size, duration) and
nothing about the person: no client address, no query string (the clinic search sends the visitor's
position in it), no referrer and no browser. The privacy page promises as much. The error log, too,
never holds an address: gunicorn writes "Invalid request from ip=..." for a malformed request, and
common.log_privacy's logger class scrubs every address from both logs.
"""

workers = 1
threads = 4
timeout = 120
accesslog = "-"
access_log_format = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'

try:  # gunicorn has put the served checkout on sys.path; an older one (benchmark_uploads --code-dir) lacks it
    from common.log_privacy import GunicornLogger as logger_class  # noqa: F401, N813
except ImportError:
    pass

def post_worker_init(worker):
    """Each worker loads the models before it accepts a connection (issue 19: no cold first request);
    connections that arrive meanwhile wait in the listen queue instead of on a half-loaded process."""
    from diagnosis.warmup import models_warm_up

    seconds = models_warm_up()
    addresses = ", ".join(f"http://{a}" for a in worker.cfg.bind)
    worker.log.info("ScalpSpectra is ready at %s (models loaded in %.1f s)", addresses, seconds)

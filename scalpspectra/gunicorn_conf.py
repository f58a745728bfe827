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

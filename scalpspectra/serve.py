"""`make run`'s server: waitress, which reads each request completely (headers and body) on its event loop
before one of its threads runs the site, so clients that send slowly hold a socket, never a thread.

    python -m scalpspectra.serve --bind 0.0.0.0:8000 [--access-logfile FILE]

A connection with nothing sent or received for SERVER_IDLE_TIMEOUT seconds is closed. The access log keeps
what operating the site needs (time, method, path, status, size, duration) and nothing about the person: no
client address, no query string (the clinic search sends the visitor's position in it), no referrer and no
browser. The privacy page promises as much.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time

THREADS = 4  # share the six loaded models; uploads decode and infer behind their own gates
ACCESS_FORMAT = '[%(time)s] "%(method)s %(path)s %(protocol)s" %(status)s %(size)s %(ms)sms'


def access_logged(app, stream):
    """WSGI middleware writing one line per request in ACCESS_FORMAT."""
    def logged(environ, start_response):
        start, seen = time.monotonic(), {}

        def recording_start(status, headers, exc_info=None):
            seen["status"] = status.split(" ", 1)[0]
            seen["size"] = next((v for k, v in headers if k.lower() == "content-length"), "-")
            return start_response(status, headers, exc_info)
        result = app(environ, recording_start)
        try:
            yield from result
        finally:
            if hasattr(result, "close"):
                result.close()  # Django's request_finished: database connections go back
            stream.write(ACCESS_FORMAT % {
                "time": time.strftime("%d/%b/%Y:%H:%M:%S %z"), "method": environ.get("REQUEST_METHOD", ""),
                "path": environ.get("PATH_INFO", ""), "protocol": environ.get("SERVER_PROTOCOL", ""),
                "status": seen.get("status", "-"), "size": seen.get("size", "-"),
                "ms": int((time.monotonic() - start) * 1000)} + "\n")
            stream.flush()
    return logged


def server_options() -> dict:
    """waitress' adjustments from the settings (every limit a named setting, read from the environment)."""
    from django.conf import settings

    return {
        "threads": THREADS,
        "channel_timeout": settings.SERVER_IDLE_TIMEOUT,
        "cleanup_interval": max(1, min(30, settings.SERVER_IDLE_TIMEOUT // 2)),
        "connection_limit": settings.SERVER_CONNECTION_LIMIT,
        # the body stays in memory up to the upload limit (common.uploads: a photo never touches the disk)
        "inbuf_overflow": settings.UPLOAD_MAX_BYTES + 1024 * 1024,
        "max_request_body_size": settings.UPLOAD_MAX_BYTES + 1024 * 1024,
        "max_request_header_size": 64 * 1024,
        "asyncore_use_poll": True,  # more than 1024 open sockets
        "ident": "ScalpSpectra",
        "expose_tracebacks": False,
        "log_socket_errors": False,
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bind", default="127.0.0.1:8000", help="HOST:PORT")
    parser.add_argument("--access-logfile", default="-", help="file, '-' for standard output (default)")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scalpspectra.settings")
    from waitress import create_server

    from scalpspectra.wsgi import application

    stream = sys.stdout if args.access_logfile == "-" else open(args.access_logfile, "a", encoding="utf-8")  # noqa: SIM115
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # "task queue depth" lines under load
    host, _, port = args.bind.rpartition(":")
    server = create_server(access_logged(application, stream), host=host.strip("[]"), port=int(port),
                           **server_options())
    from diagnosis.warmup import models_warm_up

    seconds = models_warm_up()  # before the first connection: no visitor waits for the models (issue 19)
    print(f"ScalpSpectra is ready at http://{args.bind}/ (models loaded in {seconds:.1f} s; Ctrl+C stops it)",
          flush=True)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


if __name__ == "__main__":
    main()

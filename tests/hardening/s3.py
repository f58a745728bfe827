"""A real S3 server (moto's server mode) on 127.0.0.1 for the object-storage tests, and the settings that
point the site at it."""

from __future__ import annotations

import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import boto3
import requests

from benchmarks.servers import free_port

KEY, SECRET, REGION = "test-key", "test-secret", "us-east-1"


@contextmanager
def moto_server():
    """The endpoint URL of a fresh moto S3 server in its own process, stopped afterwards."""
    port = free_port()
    binary = Path(sys.executable).with_name("moto_server")
    process = subprocess.Popen([str(binary), "-H", "127.0.0.1", "-p", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                requests.get(url, timeout=2)
                break
            except requests.RequestException:
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def client(endpoint: str):
    return boto3.client("s3", endpoint_url=endpoint, aws_access_key_id=KEY, aws_secret_access_key=SECRET,
                        region_name=REGION)


def keys(endpoint: str, bucket: str) -> list[str]:
    listed = client(endpoint).list_objects_v2(Bucket=bucket)
    return sorted(item["Key"] for item in listed.get("Contents", []))


def s3_env(endpoint: str, bucket: str) -> dict[str, str]:
    return {"MEDIA_STORAGE": "s3", "S3_ENDPOINT_URL": endpoint, "S3_BUCKET": bucket, "S3_ACCESS_KEY_ID": KEY,
            "S3_SECRET_ACCESS_KEY": SECRET, "S3_REGION": REGION}


def s3_storages(endpoint: str, bucket: str) -> dict:
    return {"default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
                "bucket_name": bucket, "endpoint_url": endpoint, "region_name": REGION, "access_key": KEY,
                "secret_key": SECRET, "location": "media", "default_acl": None, "querystring_auth": True,
                "file_overwrite": False}},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}

"""{{ url|safe_url }}: an http(s) link from stored data, or '' (see common.links)."""

from django import template

from common import links

register = template.Library()
register.filter("safe_url", links.safe_url)

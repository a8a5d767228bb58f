"""Which container printed a record, read from the names log pipelines give its source.

Exporters do not always keep a container field, but most keep the file the record was read
from, and the kubelet names that file after the container:

- ``/var/log/containers/<pod>_<namespace>_<container>-<container id>.log`` (the kubelet's
  links). Fluentd and fluent-bit tag each record with that path, dots for slashes
  (``kube.var.log.containers.<pod>_<ns>_<container>-<id>.log``); CloudWatch Container
  Insights names its log streams after it; Splunk keeps it as ``source``.
- ``/var/log/pods/<namespace>_<pod>_<uid>/<container>/<restart>.log`` (the files
  themselves), which Vector and the OpenTelemetry filelog receiver keep as the file path.

Pod, namespace and container names never hold ``_``, so the underscores are unambiguous.
Both patterns are bounded and start with a literal, so a search is linear.
"""

from __future__ import annotations

import re

# "_<namespace>_<container>-<id>": the id is the container's hex id (12 to 64 digits), the
# last "-" before it ends the container's name.
_CONTAINERS_PATH = re.compile(
    r"_[a-z0-9][a-z0-9-]{0,62}_(?P<c>[a-z0-9][a-z0-9-]{0,62})-[0-9a-f]{12,64}(?:\.log)?(?![\w.-])"
)
_PODS_PATH = re.compile(r"/var/log/pods/[^/\s\"',]{1,400}/(?P<c>[a-z0-9][a-z0-9-]{0,62})/\d{1,6}\.log")


def container_in_path(text: str) -> str | None:
    """The container a kubelet log path (or a tag or stream named after one) in ``text``
    names, or None."""
    found = _PODS_PATH.search(text) if "/var/log/pods/" in text else None
    if found is None and "_" in text:
        found = _CONTAINERS_PATH.search(text)
    return found.group("c") if found else None


# A log shipper's stdout, one record a line, after what names the record's source: Fluentd's
# out_stdout ("<time> <zone> <tag>: {record}") and fluent-bit's stdout in its msgpack format
# ("[<n>] <tag>: [<time>, {record}]", since v2 "[<n>] <tag>: [[<time>, {metadata}], {record}]"),
# the tag being the kubelet's log path (``kube.var.log.containers.<pod>_<ns>_<container>-<id>.log``).
# fluent-bit prints the record's maps Ruby-style ("key"=>"value").
SHIPPER_PREFIX_SRC = (
    r"(?:\[\d{1,9}\] )?(?:\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d{1,9})? [+-]\d{4} )?"
    r"[\w.<>-]{0,200}var\.log\.containers\.[\w.<>-]{1,400}\.log: "  # "<model-1>": a redacted name
    r"(?:\[(?:\[[\d.]{1,30}, \{[^{}\n]{0,2000}\}\]|[\d.]{1,30}), )?"
)

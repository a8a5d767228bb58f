"""What redaction looks for: the vocabulary it keeps and the patterns that find what it hides.

Kept apart from ``diagnoser.redact`` (which runs the passes) so the lists can be read and
extended on their own. Every pattern is linear: single-character classes with bounded repeats,
and literal-led wherever possible, since ``re`` skips to a literal at C speed while a pattern
that starts with a class or an alternation is tried at every position (see ``_SLOT_SPECS``).
"""

from __future__ import annotations

import re

_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")
_HOST_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")
_EMAIL_LOCAL_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-")

# Words a component is recognised by in a container or pod name, in the order
# ``diagnoser.model.component_of`` tries them: a placeholder keeps the first one found.
COMPONENT_WORDS = (
    "builder",
    "kaniko",
    "transformer",
    "storage-initializer",
    "batch",
    "spark",
    "driver",
    "executor",
    "predictor",
)
# Kinds whose placeholder keeps the component word of the name it replaces.
_SUFFIXED_KINDS = frozenset({"pod", "name", "node"})

# Names that are vocabulary, not identity: never learned as something to hide. Container
# names are matched by the engine; the rest are Kubernetes, KServe and Merlin words.
KEEP_NAMES = frozenset(
    """
    kserve-container user-container queue-proxy storage-initializer transformer predictor model
    pyfunc-image-builder kaniko kaniko-builder image-builder spark-kubernetes-driver
    spark-kubernetes-executor istio-proxy istio-init kserve-provision-location default
    kube-system kube-public kube-node-lease knative-serving kserve istio-system merlin mlp caraml
    cert-manager monitoring logging serving models model-dir pod pods namespace node nodes image
    host ip email token bucket-path value secret name token url service services revision
    deployment replicaset job jobs container containers error errors failed true false null none
    http https grpc h2c http1 user-port queue-port http-usermetric http-autometric
    http-queueadm queue-metrics production staging development dev test prod local cluster
    xgboost sklearn scikit-learn pytorch torch tensorflow lightgbm onnx pyfunc custom mlflow
    standard docker python conda pip
    """.split()  # noqa: SIM905 - a word list reads better as prose
)

# Public hosts (and their subdomains) kept as they are: they name a service, not a company,
# and the engine matches some of them (storage.googleapis.com, nvidia.com/gpu).
PUBLIC_DOMAINS = (
    "googleapis.com",
    "gserviceaccount.com",
    "google.com",
    "gcr.io",
    "pkg.dev",
    "docker.io",
    "docker.com",
    "ghcr.io",
    "quay.io",
    "pypi.org",
    "pypa.io",
    "kserve.svc",
    "knative-serving.svc",
    "istio-system.svc",
    "kube-system.svc",
    "pythonhosted.org",
    "python.org",
    "anaconda.org",
    "anaconda.com",
    "conda.io",
    "github.com",
    "githubusercontent.com",
    "amazonaws.com",
    "nvidia.com",
    "amd.com",
    "intel.com",
    "kubernetes.io",
    "k8s.io",
    "kserve.io",
    "knative.dev",
    "istio.io",
    "mlflow.org",
    "caraml.dev",
    "gojek.com",
    "kubeflow.org",
    "prometheus.io",
    "cert-manager.io",
    "example.com",
    "example.org",
    "svc.cluster.local",
    "cluster.local",
    "metadata.google.internal",
)
# URI schemes of object stores: everything after the scheme is a bucket path.
STORAGE_SCHEMES = frozenset(
    {
        "gs",
        "s3",
        "s3a",
        "s3n",
        "abfs",
        "abfss",
        "wasb",
        "wasbs",
        "adl",
        "hdfs",
        "webhdfs",
        "minio",
        "oss",
        "pvc",
    }
)
_SECRET_QUERY_KEYS = re.compile(r"(?i)sig|signature|token|key|credential|auth|pass|secret")
_KEEP_QUERY_VALUE = re.compile(r"[A-Za-z]{1,16}|\d{1,10}")
# Encoded prose: three lower-case words joined by "+" or "%20". Random base64 holds letter
# runs between its "+" too (most blobs of 1,500 characters do, when the words may be of
# any case), so ``redact._form_prose`` also wants a separator every 16 characters or less.
_FORM_PROSE = re.compile(r"[a-z]{2,40}(?:\+|%20)[a-z]{2,40}(?:\+|%20)[a-z]{2,40}")
_FORM_PROSE_CHARS_PER_SEPARATOR = 16


# Private key blocks, whole.
_KEY_BEGIN = re.compile(r"-----BEGIN [A-Z ]{0,40}PRIVATE KEY-----")
_KEY_END = re.compile(r"-----END [A-Z ]{0,40}PRIVATE KEY-----")
_KEY_BODY = re.compile(r"(?:\\n|\s){0,8}(?:[A-Za-z0-9+/=]{8,200}(?:\\n|\n|[ \t]){1,8}){0,400}")

# Secrets, each found by a literal (keys on the ASCII-lowered text, so any casing matches):
# key = value (password=, "token": "...", AWS_SECRET_ACCESS_KEY=...) keeps key and separator.
# Keys of a secret value, each with whether that value may be an ordinary word (a password,
# a secret may; a token or key never is, so after those a plain word is prose: "oauth token:
# unexpected status").
_SECRET_KEYS = (
    ("pass(?:wor)?d", True), ("pwd", True), ("secret", True), ("token", False),
    ("api[_-]?key", False), ("access[_-]?key", False), ("private[_-]?key", False),
)  # fmt: skip
_KV = tuple(
    re.compile(key + r"\"?'?[ \t]{0,3}[:=][ \t]{0,3}[\"']?([^\s\"',;&<>\\{}\[\]()|]{1,4000})")
    for key, _ in _SECRET_KEYS
)
_KV_WORDY = tuple(wordy for _, wordy in _SECRET_KEYS)
_SCHEMES_AUTH = (
    re.compile(r"bearer[ \t]{1,3}([a-z0-9._~+/=-]{8,4000})"),
    re.compile(r"basic[ \t]{1,3}([a-z0-9+/=]{8,4000})"),
)
_AWS_KEY = re.compile(r"A(?:KIA|SIA|GPA|IDA|ROA)[A-Z0-9]{16}(?![A-Z0-9])")
_JWT = re.compile(r"eyJ[A-Za-z0-9_-]{8,4000}\.[A-Za-z0-9_-]{4,4000}\.[A-Za-z0-9_-]{0,4000}")
# Runs of 40+ base64 characters: the text is mapped to "a" (base64) / " " (anything else
# ASCII) with ``str.translate`` and the runs found with ``str.find``, both C loops several
# times faster than any regex that has to start at every separator.
_BLOB_MIN = 40
_BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_BLOB_MASK = {code: ("a" if chr(code) in _BASE64 else " ") for code in range(128)}
_BLOB_RUN = "a" * _BLOB_MIN
_BLOB_REST = re.compile(r"[A-Za-z0-9+/]{0,100000}={0,2}")
_NOT_A_SECRET = frozenset({"null", "none", "true", "false", "nil", "undefined", "", "-", "*", "***"})

# Env entries: describe's Environment block, YAML "- name: X / value: Y", JSON {"name", "value"}.
_DESCRIBE_ENV = re.compile(r"\n([ \t]{2,16})Environment:[ \t]*\n((?:\1[ \t]{1,8}[^\n]*\n){1,500})")
_DESCRIBE_ENV_LINE = re.compile(r"(?m)^([ \t]+[A-Za-z_][A-Za-z0-9_.-]{0,200}:[ \t]+)(\S[^\n]*)$")
_YAML_ENV = re.compile(r"\n([ \t]*)- name: ([A-Za-z_][A-Za-z0-9_.-]{0,200})[ \t]*\n\1  value: ?([^\n]*)")
_JSON_ENV = re.compile(
    r'"name":[ \t]{0,4}"([A-Za-z_][A-Za-z0-9_.-]{0,200})",\s{0,200}'
    r'"value":[ \t]{0,4}"((?:[^"\\\n]|\\.){0,100000})"'
)
_PLAIN_VALUE = re.compile(r"[\"']?(?:-?\d{1,18}(?:\.\d{1,18})?|true|false|True|False|null|)[\"']?")

# URLs: found by "://", the scheme walked back to.
_URL = re.compile(r"://(?P<rest>[^\s\"'<>\\`]{1,8000})")
_SCHEME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-")
_TRAILING = ".,;:)]}!?'"
_ID_SCHEMES = frozenset({"containerd", "docker", "cri-o", "cri", "sha256"})  # container IDs: not identities
_REGISTRY_PATH = re.compile(r"/v2/([^?#\s]{1,500}?)/(?:manifests|blobs|tags)/")
_GCS_JSON_PATH = re.compile(r"(/(?:download/|upload/)?storage/v1/b/)([^/?#]{1,222})(?:(/o/?)([^?#]*))?")

# Emails: found by "@", the local part walked back to.
_EMAIL = re.compile(
    r"@(?P<domain>[A-Za-z0-9][A-Za-z0-9-]{0,62}(?:\.[A-Za-z0-9][A-Za-z0-9-]{0,62}){0,10}\.[A-Za-z]{2,24})(?![A-Za-z0-9-])"
)

# Addresses.
_IPV4 = re.compile(r"\.\d{1,3}\.\d{1,3}\.\d{1,3}(?![0-9])")  # the first octet is walked back to
_DIGITS = frozenset("0123456789")
_IPV6 = re.compile(
    r"(?<![0-9A-Za-z_:.])(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}(?![0-9A-Za-z_:])"
    r"|(?<![0-9A-Za-z_:.])(?:[0-9A-Fa-f]{1,4}:){0,6}:(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,6})?"
    r"(?:\.\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})?(?![0-9A-Za-z_:])"
)
_IPV6_HINT = re.compile(r":[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:")

# Bare hostnames, found by their last label and walked back to their start.
_TLDS_2 = ("com", "net", "org", "io", "dev", "ai", "cloud")
_TLDS_3 = ("local", "internal", "corp", "lan", "intra", "id")
_HOST_END = re.compile(
    r"\.(?P<tld>"
    + "|".join(_TLDS_2 + _TLDS_3)
    + r")(?P<cc>\.[a-z]{2})?(?![A-Za-z0-9_-])"
    # a public domain (kept anyway) is skipped here, not in Python: logs repeat them per line
    + "".join(f"(?<![^A-Za-z0-9-]{re.escape(domain)})" for domain in PUBLIC_DOMAINS)
)

# Where names are learned: slots that hold a Kubernetes object's name.
_NAME = r"[a-z0-9][a-z0-9.-]{0,252}"
_LABEL = r"[a-z0-9][a-z0-9-]{0,62}"
# Every slot pattern starts with a literal, so ``re`` skips to its candidates at C speed.
_N, _L = "(" + _NAME + ")", "(" + _LABEL + ")"
_SLOT_SPECS: tuple[tuple[str, tuple[str, ...]], ...] = (
    # (pattern, the kind of each group). "keep": a container name, never hidden; a kind ending
    # in "?" is a prose slot, where only a name with a hyphen or digit is taken. Patterns that
    # share a leading literal are one alternation (one scan); others stay apart, since an
    # alternation without a common literal is slower than several literal-led scans.
    (
        r"\n(?:Name:[ \t]+" + _N + r"[ \t]*(?=\n)|Namespace:[ \t]+" + _L + r"[ \t]*(?=\n)"
        r"|Node:[ \t]+" + _N + r"(?=/|[ \t]*\n)|  (?:  )?name: " + _N + r"[ \t]*(?=\n)"
        r"|  "
        + _N
        + r":[ \t]*\n    Container ID:|Controlled By:[ \t]+[A-Za-z]{1,40}/"
        + _N
        + r"|\[(?:pod/)?"
        + _N
        + r"(?:/"
        + _N
        + r")?\](?: ?\["
        + _N
        + r"\])?)",
        ("auto", "namespace", "node", "auto", "keep", "auto", "pod", "keep", "keep"),
    ),
    (
        r"amespace(?:(?:_name|Name)?\"?[ \t]{0,3}[:=][ \t]{0,3}\"?" + _L + r"\b"
        r"|s?[ \t]\"" + _L + r"\"|[ \t]" + _L + r"\b)",
        ("namespace", "namespace", "namespace?"),
    ),
    (
        r"ecret(?:s? \"" + _N + r"\"|Name\"?:[ \t]{0,3}\"?" + _N + r"| " + _N + r" is not found)",
        ("secret-name", "secret-name", "secret-name"),
    ),
    (
        r"o(?:d(?:_?[nN]ame\"?[ \t]{0,3}[:=][ \t]{0,3}\"?"
        + _N
        + r"|eName\"?:[ \t]{0,3}\"?"
        + _N
        + r"|/(?<=Pod/)"
        + _L
        + "/"
        + _N
        + r"|/(?<=pod/)"
        + _N
        + r"|s/(?<=pods/)"
        + _N
        + r"|e/(?<=node/)"
        + _N
        + r"|es/(?<=nodes/)"
        + _N
        + r")"
        r"|ntainer(?:_?[nN]ame\"?[ \t]{0,3}[:=][ \t]{0,3}\"?" + _N + r"|s? \"?" + _N + r")"
        r"|nfig[Mm]aps? \"" + _N + r"\")",
        ("pod", "node", "namespace", "pod", "pod?", "pod?", "node", "node", "keep", "keep", "secret-name"),
    ),
    (
        r" -(?:n " + _L + r"\b|c " + _N + r"\b|-container[ =]" + _N + r"\b|-namespace[ =]" + _L + r"\b)",
        ("namespace", "keep", "keep", "namespace"),
    ),
    (
        r"nference(?:[sS]ervice(?:\.serving\.kserve\.io)?[=:/][ \t]?\"?"
        + _N
        + r"| service \("
        + _N
        + r"\)|Service "
        + _L
        + "/"
        + _N
        + ")",
        ("auto", "auto", "namespace", "pod"),
    ),
    (r"within " + _L + r" project", ("namespace",)),
    (r"serviceaccount:" + _L + ":" + _L, ("namespace", "name")),
    (r" in pod " + _N + "_" + _L + r"\(", ("pod", "namespace")),
    (r"Successfully assigned " + _L + "/" + _N + " to " + _N, ("namespace", "pod", "node")),
    (r"evision(?: \"|\.serving\.knative\.dev/|/)" + _N, ("auto",)),
    (r"ccount(?:Name)?\"?:[ \t]{1,20}\"?" + _N, ("name",)),
    (r"project(?:s/" + _L + r"/| " + _L + r"\b)", ("project", "namespace?")),
    (r"quota: " + _N, ("name?",)),
)
_SLOTS = tuple((re.compile(pattern), kinds) for pattern, kinds in _SLOT_SPECS)
_REF = r"(?:docker-pullable://)?([A-Za-z0-9][A-Za-z0-9._/-]{0,400}[A-Za-z0-9])"
_IMAGE_SLOTS = tuple(
    re.compile(lead + _REF)
    for lead in (r"mage(?:(?: ID)?:[ \t]+|:[ \t]+['\"]?|\":[ \t]{0,3}\"| \"| (?:manifest |to )?)",)
)
_PUBLIC_IMAGE_PREFIXES = (
    "gcr.io/kaniko-project/",
    "gcr.io/knative-releases/",
    "gcr.io/distroless/",
    "ghcr.io/caraml-dev/",
    "docker.io/library/",
    "kserve/",
    "kfserving/",
    "python",
    "busybox",
    "alpine",
    "ubuntu",
    "debian",
)
# An image reference without a slot: a registry host followed by a repository path.
_REGISTRY_REF = re.compile(
    r"\.(?:io|dev|com|net|org|local|internal|cloud)(?P<port>(?::\d{1,5})?)/"
    r"(?P<path>[A-Za-z0-9._-]{1,200}(?:/[A-Za-z0-9._-]{1,200}){0,10})"
)
_REGISTRY_HOST = re.compile(
    r"(?:^|\.)(?:gcr\.io|pkg\.dev|docker\.io|ghcr\.io|quay\.io|azurecr\.io)$|\.ecr\.|registry|harbor|docker"
    r"|artifactory|nexus|(?:^|\.)cr\."
)
# A Merlin name: <model>-<version>-r<revision>[-predictor|-transformer...] (or the older
# <model>-<version>-predictor-default-...): found by its "-<version>-" part.
# On the reversed text: "<revision>r-<version>-<model>" (or "-rotciderp-<version>-<model>"):
# each starts with a literal, so each is one fast scan (an alternation of them is not).
_MERLIN_REVERSED = tuple(
    re.compile(lead + r"[0-9]{1,6}-([a-z0-9-]{1,99}[a-z])(?![A-Za-z0-9_-])")
    for lead in (r"r-(?<=[0-9]r-)", "-r(?:otciderp|emrofsnart)-")
)
_RUNS = {
    chars: re.compile("[" + re.escape("".join(sorted(chars))) + "]*")
    for chars in (_NAME_CHARS, _HOST_CHARS, _EMAIL_LOCAL_CHARS, _SCHEME_CHARS, _DIGITS)
}

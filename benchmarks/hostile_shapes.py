"""Hostile paste shapes, each a function of a repeat count, shared by the benchmark and the
growth test: every loop that could rescan, every unbounded continuation, every nesting.

Each generator returns text whose size grows linearly with ``n``; the engine must stay
linear on all of them (time at 4n about 4x the time at n) and above 5 MB/s.
"""

from __future__ import annotations

from collections.abc import Callable

POD = "fraud-detector-3-r2-predictor-00001-deployment-7c9f8d6b5-x2kqm"


def yaml_escaped_quotes(n: int) -> str:
    body = "\n".join('    more \\"quoted\\" words and \\"escapes\\" here' for _ in range(n))
    return f'status:\n  message: "start\n{body}\n  end"\n'


def json_spaced_colons(n: int) -> str:
    items = ",\n".join(
        f'    {{ "name" : "c{i}", "ready" : false, "restartCount" : {i}, "state" : {{ "waiting" : '
        f'{{ "reason" : "CrashLoopBackOff" }} }} }}'
        for i in range(n)
    )
    return '{\n  "kind" : "Pod",\n  "status" : {\n   "containerStatuses" : [\n' + items + "\n   ]\n  }\n}\n"


def describe_containers_and_backoffs(n: int) -> str:
    containers = "\n".join(
        f"  c{i}:\n    Image:  registry.acme.internal/ml/m:{i}\n"
        "    State:  Waiting\n      Reason:  CrashLoopBackOff"
        for i in range(n // 4 + 1)
    )
    events = "\n".join(
        f"  Warning  BackOff  1m  kubelet  Back-off restarting failed container c{i} in pod {POD}"
        for i in range(n)
    )
    return (
        f"Name:  {POD}\nNamespace:  ml\nStatus:  Running\nContainers:\n{containers}\nEvents:\n"
        f"  Type  Reason  Age  From  Message\n  ----  ------  ---  ----  -------\n{events}\n"
    )


def describe_distinct_reasons(n: int) -> str:
    events = "\n".join(f"  Warning  Reason{i}x  1m  kubelet  something happened number {i}" for i in range(n))
    return f"Name:  {POD}\nNamespace:  ml\nEvents:\n  Type  Reason  Age  From  Message\n{events}\n"


def yaml_event_list(n: int) -> str:
    items = "\n".join(
        f"- apiVersion: v1\n  kind: Event\n  reason: Reason{i}\n  type: Warning\n  message: event {i}\n"
        f"  involvedObject:\n    kind: Pod\n    name: {POD}"
        for i in range(n)
    )
    return "apiVersion: v1\nkind: List\nitems:\n" + items + "\n"


def kserve_long_condition_message(n: int) -> str:
    words = "\n".join("      continued message words that go on and on" for _ in range(n))
    return (
        "Name:  iris-1\nNamespace:  ml\nAPI Version:  serving.kserve.io/v1beta1\nKind:  InferenceService\n"
        "Status:\n  Conditions:\n    Last Transition Time:  2026-11-02T10:00:00Z\n    Message:  start\n"
        f"{words}\n    Reason:  RevisionFailed\n    Status:  False\n    Type:  Ready\n"
    )


def damaged_json_reasons(n: int) -> str:
    lines = "\n".join(f'        "reason": "CrashLoopBackOff{i}",\n        "message": "x",' for i in range(n))
    return '{\n  "kind": "Pod",\n  "status": {\n    "containerStatuses": [ {\n' + lines + "\n  ]] oops\n"


def name_lines(n: int) -> str:
    return "".join(f"Name:  pod-{i}\n" for i in range(n))


def blank_lines(n: int) -> str:
    return "\n" * (n * 20) + "OOMKilled\n"


def distinct_log_prefixes(n: int) -> str:
    return "".join(f"[pod-{i}] [c{i}] 2026-11-02T10:00:00Z line {i}\n" for i in range(n))


def long_line_with_literal(n: int) -> str:
    return "x" * (n * 40) + " error checking push permissions\n"


def nodes_available_repeated(n: int) -> str:
    return "".join(f"0/{i} nodes are available: {i} node(s) had something else going on\n" for i in range(n))


def describe_many_events(n: int) -> str:
    events = "\n".join(
        f"  Warning  FailedMount  {i}s  kubelet  MountVolume.SetUp failed for volume v{i}" for i in range(n)
    )
    return f"Name:  {POD}\nNamespace:  ml\nEvents:\n  Type  Reason  Age  From  Message\n{events}\n"


def deep_json(n: int) -> str:
    return '{"kind": "Pod", "status": ' + "[" * (n * 5) + "]" * (n * 5) + "}\nOOMKilled\n"


def deep_json_lines(n: int) -> str:
    return '{"message": "x", "nested": ' + '{"a": ' * (n * 3) + "1" + "}" * (n * 3) + "}\nOOMKilled\n"


def deep_yaml_flow(n: int) -> str:
    return "status:\n  message: " + "[" * (n * 5) + "]" * (n * 5) + "\n  reason: OOMKilled\n"


def history_lines_repeated(n: int) -> str:
    return "timeout building pyfunc image\n" * n


def event_rows_repeated(n: int) -> str:
    return "".join(
        f'  Warning  Failed  {i}s  kubelet  Failed to pull image "a/b:{i}": not found\n' for i in range(n)
    )


def one_line_json_statuses(n: int) -> str:
    return "".join(
        f'{{"name":"c{i}","lastState":{{"terminated":{{"reason":"Error","exitCode":1}}}}}}\n'
        for i in range(n)
    )


def tui_lines(n: int) -> str:
    return "".join(
        f"│ Warning  BackOff  1m  kubelet  Back-off restarting failed container c{i} │\n" for i in range(n)
    )


def escaped_lines(n: int) -> str:
    return "".join(
        f'HTTP response body: {{"message":"admission webhook \\"v{i}\\" denied\\n the request"}}\n'
        for i in range(n)
    )


def jsonpath_commands(n: int) -> str:
    command = f"$ kubectl get pod {POD} -o jsonpath='{{.status.containerStatuses[*].state.waiting.reason}}'\n"
    return "".join(command + "CrashLoopBackOff " * (i % 7 + 1) + "\n" for i in range(n))


def left_border_box(n: int) -> str:
    line = "\u2502 failed calling webhook and a long message wrapped by terraform at some width\n"
    return "\u2577\n" + line * n + "\u2575\n"


def payload_quotes(n: int) -> str:
    line = 'DEBUG request={{"a": "x\\"{i}", "summary": "pod OOMKilled again \\" {i}"}}\n'
    return "".join(line.format(i=i) for i in range(n))


def json_keys_far_from_colons(n: int) -> str:
    """Keys the line-number search cannot find (wide gaps before the colon, escaped names):
    each would be searched for to the end of the text, again for every container."""
    items = ",".join(
        f'{{"name"{" " * 20}: "c{i}", "st\\u0061te": {{"waiting": {{"reason": "CrashLoopBackOff"}}}}}}'
        for i in range(n)
    )
    return '{"kind": "Pod", "status": {"containerStatuses": [' + items + "]}}\n"


def tab_separated_rows(n: int) -> str:
    """A log UI's rows copied with their tabs: each row's last field is matched on its own."""
    return "".join(
        f"Nov 4, 2026 @ 10:03:{i % 60:02d}.228\t{POD}\tkserve-container\tINFO request {i} served\n"
        for i in range(n)
    )


def prompts_and_comments(n: int) -> str:
    """Commands and comments holding the catalog's words: every hit is looked at, then dropped."""
    return "".join(f'$ kubectl logs {POD} | grep "OOMKilled"\n# CrashLoopBackOff {i}\n' for i in range(n))


def jq_object_stream(n: int) -> str:
    """``jq '.items[] | {...}'``: objects one after another, not an array (decoded one by one)."""
    return "".join(
        f'{{\n  "name": "c{i}",\n  "ready": false,\n  "state": {{\n    "waiting": {{\n'
        f'      "reason": "CrashLoopBackOff"\n    }}\n  }}\n}}\n'
        for i in range(n)
    )


def python_literal_runs(n: int) -> str:
    """A pprint'ed dict whose values are long runs of adjacent string literals."""
    runs = "".join(
        f" 'message{i}': 'error deploying inference service (m-{i}): timeout waiting '\n"
        f"              'inference service to be ready\\n'\n"
        f"              'Back-off restarting failed container\\n',\n"
        for i in range(n)
    )
    return "{" + runs + " 'status': 'failed'}\n"


def json_many_distinct_keys(n: int) -> str:
    """A ConfigMap whose data holds thousands of distinct keys, each with an object value."""
    items = ",\n".join(f'    "file-{i}.json": {{"v": {i}}}' for i in range(n))
    return '{\n  "kind": "ConfigMap",\n  "metadata": {"name": "many"},\n  "data": {\n' + items + "\n  }\n}\n"


def bare_literal_lines(n: int) -> str:
    """Thousands of lines that are each one quoted literal (a pprint'ed list, a quoted poem)."""
    return "".join(f"  'line {i} of a long quoted text'\n" for i in range(n))


def one_pod_watched(n: int) -> str:
    """``kubectl get pods -w`` left running: thousands of rows of the same pod."""
    header = f"{'NAME':<{len(POD)}}   READY   STATUS             RESTARTS   AGE\n"
    return header + "".join(
        f"{POD}   0/2     {'CrashLoopBackOff' if i % 2 else 'Error':<16}   {i:<8}   {i}m\n" for i in range(n)
    )


def crictl_attempts(n: int) -> str:
    """``crictl ps -a`` of a container restarted thousands of times (each attempt a row)."""
    columns = ("CONTAINER", "IMAGE", "CREATED", "STATE", "NAME", "ATTEMPT", "POD ID", "POD")
    widths = (13, 13, 20, 6, 16, 7, 13, 0)
    header = "   ".join(f"{name:<{width}}" for name, width in zip(columns, widths, strict=True))
    return (
        header.rstrip()
        + "\n"
        + "".join(
            f"{i:013x}   9f3e2a1b7c6d5   {f'{i} minutes ago':<20}   Exited   kserve-container   {n - i:<7}"
            f"   8d2c4e6f1a3b5   {POD}\n"
            for i in range(n)
        )
    )


def url_encoded_lines(n: int) -> str:
    """Links whose query carries URL-encoded text, thousands of them."""
    return "".join(
        f"https://oncall.example.io/new?desc=error+deploying+inference+service+%28m-{i}%29%3A+timeout%0Aok\n"
        for i in range(n)
    )


def csv_export_rows(n: int) -> str:
    """A log explorer's CSV export: quoted rows, every third a traceback cell over lines."""
    rows = "".join(
        f'"2026-12-02T19:05:{i % 60:02d}.{i % 1000:03d}Z","ERROR","kserve-container",'
        + (
            f'"Traceback (most recent call last):\n  File ""/app/m.py"", line {i}\nKeyError: \'k{i}\'\n"\n'
            if i % 3 == 0
            else f'"GET /v1/models/m-{i} 200"\n'
        )
        for i in range(n)
    )
    return '"timestamp","severity","resource.labels.container_name","textPayload"\n' + rows


def json_records_interleaved_sources(n: int) -> str:
    """Cloud Logging records of many pods interleaved: the record's source changes every line."""
    return "".join(
        f'{{"resource":{{"labels":{{"container_name":"{"kserve-container" if i % 2 else "transformer"}",'
        f'"pod_name":"m-{i}-predictor-abc12-{i:05d}"}}}},"textPayload":"request {i} served"}}\n'
        for i in range(n)
    )


def pretty_json_records(n: int) -> str:
    """A log explorer's JSON download: one pretty-printed array of records, the container
    field lines below each text, every third text a traceback with escaped newlines."""
    records = ",\n".join(
        "  {\n"
        + (
            '    "textPayload": "Traceback (most recent call last):\\n'
            + f'  File \\"/app/m.py\\", line {i}\\nKeyError: {i}",\n'
            if i % 3 == 0
            else f'    "textPayload": "GET /v1/models/m-{i} 200",\n'
        )
        + '    "resource": {\n      "labels": {\n'
        + f'        "container_name": "{"transformer" if i % 2 else "kserve-container"}"\n'
        + "      }\n    }\n  }"
        for i in range(n)
    )
    return "[\n" + records + "\n]\n"


def logcli_label_lines(n: int) -> str:
    """logcli's default output of many streams interleaved: the label set changes every line,
    every fifth label set left unclosed."""
    return "".join(
        f'2026-12-03T14:58:{i % 60:02d}Z {{app="m-{i}", '
        + f'container="{"transformer" if i % 2 else "kserve-container"}"'
        + ("" if i % 5 == 0 else f', pod="m-{i}-abc12-x1y2z"}}')
        + f" request {i} served\n"
        for i in range(n)
    )


def shipper_stdout_records(n: int) -> str:
    """A Fluentd / fluent-bit forwarder's stdout: tag-prefixed records, half with Ruby maps."""
    tag = "kube.var.log.containers.m-1-transformer-abc12-x1y2z_ns_transformer-0c1d2e3f4a5b.log"
    return "".join(
        f'[{i}] {tag}: [[1796360604.{i:09d}, {{}}], {{"log"=>"request {i} served", "stream"=>"stderr"}}]\n'
        if i % 2
        else f'2026-12-04 04:18:14.{i:09d} +0000 {tag}: {{"log":"request {i} served","stream":"stderr"}}\n'
        for i in range(n)
    )


def yaml_open_quoted_values(n: int) -> str:
    """YAML keys whose quoted values are folded over lines, half of them never closed."""
    return "".join(
        f"  message{i}: 'admission webhook denied the request for m-{i}\n"
        + ("    and the value goes on'\n" if i % 2 else "")
        for i in range(n)
    )


def query_result_rows(n: int) -> str:
    """``bq query`` commands, each with a result table whose cells quote errors."""
    block = (
        "$ bq query 'SELECT id, cause FROM preds'\n+------+-----------+\n"
        + "".join(f"| {i:<4} | OOMKilled |\n" for i in range(20))
        + "+------+-----------+\n"
    )
    return block * max(1, n // 20)


def logs_tab_and_json_lines_alternating(n: int) -> str:
    """Logs-tab lines and JSON-lines records taking turns: thousands of segments of each."""
    return "".join(
        f"[{POD}][kserve-container] 2026-12-01T08:00:{i % 60:02d}Z served request {i}\n"
        f'{{"severity":"INFO","textPayload":"request {i} done",'
        f'"resource":{{"labels":{{"container_name":"transformer"}}}}}}\n'
        for i in range(n)
    )


def otel_debug_records(n: int) -> str:
    """The OpenTelemetry Collector's debug exporter: a resource per 20 records, bodies of
    several lines, every fifth one never followed by a field line."""
    parts = []
    for i in range(n):
        if i % 20 == 0:
            parts.append(
                f"2026-12-01T08:00:00.000Z\tinfo\tResourceLog #{i // 20}\nResource attributes:\n"
                f"     -> k8s.pod.name: Str({POD})\n     -> k8s.container.name: Str(c{i % 7})\nScopeLogs #0\n"
            )
        tail = (
            "Attributes:\n     -> log.iostream: Str(stderr)\nTrace ID:\nSpan ID:\nFlags: 0\n" if i % 5 else ""
        )
        parts.append(
            f"LogRecord #{i}\nSeverityNumber: Unspecified(0)\n"
            f"Body: Str(line {i} of a body\nits next line)\n{tail}"
        )
    return "".join(parts)


def long_lowercase_words(n: int) -> str:
    """Runs of hundreds of lower-case letters (a hash, a minified blob): a name pattern that
    may start at any letter tries the whole run at each one."""
    return "".join(f"{'abcdefghijklmnopqrstuvwxyz' * 12}{i} pod_{i} x/y\n" for i in range(n))


def kubelet_pod_references(n: int) -> str:
    """A kubelet journal naming pods of many namespaces as "<name>_<namespace>(<uid>)"."""
    return "".join(
        f'Dec 04 01:00:{i % 60:02d} node-7 kubelet[912]: E1204 pod_workers.go:1298] "Error syncing pod" '
        f'pod="team-{i % 50}/worker-{i}-abcde" podUID=0f1e2d3c-0000-4000-8000-{i:012d} '
        f"back-off restarting failed container worker-{i}_team-{i % 50}(0f1e2d3c-0000-4000-8000-{i:012d})\n"
        for i in range(n)
    )


SHAPES: dict[str, Callable[[int], str]] = {
    name.replace("_", "-"): function
    for name, function in list(globals().items())
    if callable(function) and function.__module__ == __name__ and name not in ("Callable",)
}

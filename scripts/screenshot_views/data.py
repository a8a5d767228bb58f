"""Made-up example data for the screenshots (projects, models, errors, logs).

Every name, number, registry and timestamp here is invented for this project.
"""

from __future__ import annotations

from screenshot_views.boxtable import history_error

PROJECT = "credit-risk"
REGISTRY = "registry.example.internal/merlin"

# --- (b) image build killed for lack of memory --------------------------------------
OOM_MODEL, OOM_VERSION = "loan-default", 12
OOMKILLED_IMAGE_BUILD = history_error(
    "error building pyfunc image: OOMKilled",
    conditions_heading="Job conditions:",
    conditions=[
        ["Failed", "True", "BackoffLimitExceeded", "Job has reached the specified backoff limit"],
    ],
    containers=[["pyfunc-image-builder", "Terminated", "137", "OOMKilled"]],
    termination_message=(
        "INFO[0038] RUN conda env create -n merlin-model -f /merlin/model/conda.yaml\n"
        "INFO[0038] Cmd: /bin/sh\n"
        "INFO[0038] Args: [-c conda env create -n merlin-model -f /merlin/model/conda.yaml]\n"
        "INFO[0038] Running: [/bin/sh -c conda env create -n merlin-model -f /merlin/model/conda.yaml]\n"
        "Collecting package metadata (repodata.json): ...working... done\n"
        "Solving environment: ...working... done\n"
        "Downloading and Extracting Packages\n"
        "Installing pip dependencies: ...working...\n"
    ),
)

# --- (c) model container crash-looping -------------------------------------------------
CRASH_MODEL, CRASH_VERSION = "churn-predictor", 7
CRASH_ISVC = f"{CRASH_MODEL}-{CRASH_VERSION}-r2"
_crash_condition = (
    f'Revision "{CRASH_ISVC}-predictor-00001" failed with message: '
    "Container failed with: ModuleNotFoundError: No module named 'lightgbm'."
)
CRASHLOOPBACKOFF = history_error(
    f"error deploying inference service ({CRASH_ISVC}): timeout waiting inference service to be ready",
    conditions_heading="Model service conditions:",
    conditions=[
        ["PredictorConfigurationReady", "False", "RevisionFailed", _crash_condition],
        ["PredictorReady", "False", "RevisionFailed", _crash_condition],
        ["Ready", "False", "RevisionFailed", _crash_condition],
    ],
    containers=[["kserve-container", "Waiting", "-", "CrashLoopBackOff"]],
    termination_message=(
        "Traceback (most recent call last):\n"
        '  File "/opt/conda/envs/merlin-model/lib/python3.10/runpy.py", line 196, in _run_module_as_main\n'
        "    return _run_code(code, main_globals, None,\n"
        '  File "/opt/conda/envs/merlin-model/lib/python3.10/site-packages/pyfuncserver/__main__.py",'
        " line 48, in <module>\n"
        "    model.load()\n"
        '  File "/mnt/models/code/churn_model.py", line 9, in <module>\n'
        "    import lightgbm as lgb\n"
        "ModuleNotFoundError: No module named 'lightgbm'\n"
    ),
)

# --- (d) image not found ------------------------------------------------------------------
PULL_MODEL, PULL_VERSION = "fraud-scorer", 3
PULL_ISVC = f"{PULL_MODEL}-{PULL_VERSION}-r1"
PULL_IMAGE = f"{REGISTRY}/{PROJECT}-{PULL_MODEL}:{PULL_VERSION}"
_pull_condition = (
    f'Revision "{PULL_ISVC}-predictor-00001" failed with message: Unable to fetch image "{PULL_IMAGE}": '
    "failed to resolve image to digest: GET https://registry.example.internal/v2/merlin/"
    f"{PROJECT}-{PULL_MODEL}/manifests/{PULL_VERSION}: MANIFEST_UNKNOWN: manifest unknown."
)
IMAGE_NOT_FOUND = history_error(
    f"error deploying inference service ({PULL_ISVC}): timeout waiting inference service to be ready",
    conditions_heading="Model service conditions:",
    conditions=[
        ["PredictorConfigurationReady", "False", "RevisionFailed", _pull_condition],
        ["PredictorReady", "False", "RevisionFailed", _pull_condition],
        ["Ready", "False", "RevisionFailed", _pull_condition],
    ],
    containers=[["kserve-container", "Waiting", "-", "ErrImagePull"]],
)

# --- (e) image builder output in the Logs tab --------------------------------------------
LOGS_MODEL, LOGS_VERSION = "loan-default", 13
_BUILDER_POD = f"{PROJECT}-{LOGS_MODEL}-{LOGS_VERSION}-6k2xq"
_builder_lines = [
    ("09:14:02.118", f"INFO[0000] Retrieving image manifest {REGISTRY}/pyfunc-base:0.41.2-py310"),
    (
        "09:14:02.655",
        f"INFO[0000] Retrieving image {REGISTRY}/pyfunc-base:0.41.2-py310"
        " from registry registry.example.internal",
    ),
    ("09:14:03.902", "INFO[0001] Built cross stage deps: map[]"),
    ("09:14:03.902", f"INFO[0001] Retrieving image manifest {REGISTRY}/pyfunc-base:0.41.2-py310"),
    ("09:14:03.951", "INFO[0001] Executing 0 build triggers"),
    ("09:14:03.952", "INFO[0001] Building stage 'pyfunc-base' [idx: '0', base-idx: '-1']"),
    ("09:14:03.952", "INFO[0001] Unpacking rootfs as cmd COPY model /merlin/model requires it."),
    ("09:14:39.407", "INFO[0037] ARG MODEL_DEPENDENCIES_URL"),
    ("09:14:39.408", "INFO[0037] COPY model /merlin/model"),
    ("09:14:40.215", "INFO[0038] RUN conda env create -n merlin-model -f /merlin/model/conda.yaml"),
    ("09:14:40.216", "INFO[0038] Cmd: /bin/sh"),
    ("09:15:31.877", "Collecting package metadata (repodata.json): ...working... done"),
    ("09:16:12.530", "Solving environment: ...working... failed"),
    ("09:16:12.531", ""),
    ("09:16:12.531", "ResolvePackageNotFound: "),
    ("09:16:12.531", "  - scikit-learn=1.9.4"),
    ("09:16:12.532", ""),
    (
        "09:16:12.874",
        "error building image: error building stage: failed to execute command:"
        " waiting for process to exit: exit status 1",
    ),
]
IMAGE_BUILDER_LOG = [
    (_BUILDER_POD, "pyfunc-image-builder", f"2025-03-18T{t}Z", text) for t, text in _builder_lines
]

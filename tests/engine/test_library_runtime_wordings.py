"""Library and tool wordings that name a known cause in their own words (round ba).

NCCL reports ENOSPC and CUDA allocation failures as words, without errno or exception
names; jax refuses a mismatched jaxlib at import; pip refuses a distribution's Python
under PEP 668. Each must read as the cause it is, ranked before the load failure it explains.
"""

from __future__ import annotations

from diagnoser import diagnose


def ids(text: str) -> list[str]:
    return [f.id for f in diagnose(text).findings]


def test_nccl_shared_memory_segment_on_a_full_dev_shm_is_a_full_volume_not_a_load_error() -> None:
    paste = "\n".join(
        [
            "pod-a:88:131 [0] include/shm.h:28 NCCL WARN "
            "Call to posix_fallocate failed : No space left on device",
            "ERROR:root:Unable to initalize model",
            "torch.distributed.DistBackendError: NCCL error in: ProcessGroupNCCL.cpp:2027, "
            "unhandled system error",
        ]
    )
    assert ids(paste)[:2] == ["disk-full", "model-load-error"]


def test_ncclunhandledcudaerror_out_of_memory_is_gpu_memory() -> None:
    paste = (
        "ncclUnhandledCudaError: Call to CUDA function failed.\nLast error:\nCuda failure 'out of memory'\n"
    )
    assert ids(paste)[:1] == ["gpu-out-of-memory"]


def test_nccl_cuda_failure_of_another_kind_is_not_gpu_memory() -> None:
    paste = "pod-b:44:80 [1] init.cc:1401 NCCL WARN Cuda failure 'invalid device ordinal'\n"
    assert "gpu-out-of-memory" not in ids(paste)


def test_jaxlib_newer_than_jax_at_import_is_a_model_load_error() -> None:
    paste = (
        "RuntimeError: jaxlib version 0.4.30 is newer than and incompatible with jax version 0.4.26. "
        "Please update your jax and/or jaxlib packages.\n"
    )
    assert ids(paste)[:1] == ["model-load-error"]


def test_pip_refusing_an_externally_managed_python_is_a_failed_install() -> None:
    paste = (
        "#7 0.611 error: externally-managed-environment\n#7 0.611 × This environment is externally managed\n"
    )
    assert ids(paste)[:1] == ["dependency-resolution-failed"]

"""The container a kubelet log path names, wherever a log pipeline keeps it."""

from diagnoser.log_sources import container_in_path


def test_the_kubelet_container_links_name_the_container_before_its_id():
    path = "/var/log/containers/m-1-predictor-7d8e9f0a1-pq2rs_pricing_kserve-container-7e6d5c4b3a29.log"
    assert container_in_path(path) == "kserve-container"


def test_a_fluentd_tag_and_a_container_insights_stream_are_read_as_the_path():
    tag = "kube.var.log.containers.m-1-transformer-abc12-x1y2z_store-ops_transformer-0c1d2e3f4a5b.log:"
    stream = "m-1-predictor-abc12-x1y2z_fintech_storage-initializer-4d5e6f7a8b9c"
    assert container_in_path(tag) == "transformer"
    assert container_in_path(stream) == "storage-initializer"


def test_the_pod_log_files_name_the_container_as_a_directory():
    path = "/var/log/pods/ops-ml_m-1-transformer-abc12-x1y2z_7d3e1a5c-9b2f-4c8e/transformer/3.log"
    assert container_in_path(path) == "transformer"


def test_names_without_the_kubelets_shape_name_no_container():
    assert container_in_path("python") is None
    assert container_in_path("k8s_ml_growth") is None
    assert container_in_path("/var/log/syslog") is None

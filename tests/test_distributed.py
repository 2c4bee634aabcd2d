"""The per-document function on a local two-worker Dask cluster gives the CLI's records."""
import pytest

from sitrep_nlp.batch import process_path

distributed = pytest.importorskip("dask.distributed")


def test_a_two_worker_cluster_gives_the_same_records(tmp_path):
    from sitrep_nlp.distributed import extract_bag

    texts = [
        "Some 1,200 refugees and migrants arrived in Tumbes on 3 May 2020.",
        "Supreme Decree 010-2020-IN created the CPP; UNHCR and OIM supported 850 women.",
        "Over 60 % of households received \\$28.25M in 2021.",
    ]
    for index, text in enumerate(texts):
        (tmp_path / f"report{index}.txt").write_text(text, encoding="utf8")
    (tmp_path / "empty.txt").write_text("", encoding="utf8")
    expected = [record for path in sorted(tmp_path.iterdir()) for record in process_path(path)]
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            assert len(client.scheduler_info()["workers"]) == 2
            records = extract_bag([tmp_path], npartitions=2).compute()
    key = lambda record: (record["doc"], record.get("start", -1), record.get("label", ""))  # noqa: E731
    assert sorted(records, key=key) == sorted(expected, key=key)
    assert any(record.get("record") == "error" for record in records)

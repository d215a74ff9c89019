"""`hub config --target z2jh`: a values file with the same class as the single-server hub.

The chart's schema is validated against when a copy of the chart is at hand: set
``LEERRECHT_Z2JH_CHART`` to a folder holding the chart's ``values.yaml`` and
``values.schema.yaml`` (from the zero-to-jupyterhub-k8s repository, folder ``jupyterhub/``).
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
import yaml

from leerrecht.cli import main
from leerrecht.hub import kdf

BASE = {
    "naam": "klas-a",
    "titel": "Klas A",
    "startdatum": "2026-09-07",
    "einddatum": "2026-12-14",
    "trainer": "trainer-a",
    "deelnemers": ["deelnemer-01", "deelnemer-02"],
    "notebooks": ["00_welkom"],
    "casussen": [],
}


@pytest.fixture
def values_file(tmp_path, monkeypatch) -> Path:
    monkeypatch.setattr(kdf, "SCRYPT", {"n": 2**10, "r": 8, "p": 1})
    source = tmp_path / "klas.yml"
    source.write_text(yaml.safe_dump(BASE), encoding="utf-8")
    out = tmp_path / "hub"
    args = ["hub", "config", str(source), "--out", str(out), "--target", "z2jh"]
    assert main([*args, "--hub-url", "https://hub.example.nl"]) == 0
    return out / "z2jh-values.yaml"


def test_values_carry_the_class(values_file):
    assert stat.S_IMODE(values_file.stat().st_mode) == 0o600
    values = yaml.safe_load(values_file.read_text())
    folder = values_file.parent
    hub = values["hub"]
    files = {f["mountPath"].rsplit("/", 1)[1]: f["stringData"] for f in hub["extraFiles"].values()}
    assert files["logins.json"] == (folder / "logins.json").read_text()
    assert json.loads(files["hub.json"])["trainees"] == ["deelnemer-01", "deelnemer-02"]
    assert "class LeerrechtAuthenticator" in files["leerrecht_authenticator.py"]
    assert "LeerrechtAuthenticator" in hub["extraConfig"]["leerrecht"]
    token = json.loads((folder / "secrets.json").read_text())["service_token"]
    assert hub["services"] == {"leerrecht-collect": {"apiToken": token}}
    assert sorted(hub["loadRoles"]["leerrecht-collect"]["scopes"]) == [
        "access:servers!user=deelnemer-01",
        "access:servers!user=deelnemer-02",
        "servers!user=deelnemer-01",
        "servers!user=deelnemer-02",
    ]
    lab = {f["mountPath"] for f in values["singleuser"]["extraFiles"].values()}
    assert lab == {
        "/etc/leerrecht/trainee-lab/settings/overrides.json",
        "/etc/leerrecht/trainee-lab/config/custom/custom.css",
    }
    assert values["ingress"]["hosts"] == ["hub.example.nl"]


def test_extra_config_compiles_and_sets_the_authenticator(values_file, tmp_path):
    """Run the snippet as the chart's hub would, with the mounted files in a temp folder."""
    from traitlets.config import Config

    values = yaml.safe_load(values_file.read_text())
    mount = tmp_path / "mount"
    mount.mkdir()
    for spec in values["hub"]["extraFiles"].values():
        (mount / spec["mountPath"].rsplit("/", 1)[1]).write_text(spec["stringData"])
    code = values["hub"]["extraConfig"]["leerrecht"].replace(
        "/usr/local/etc/jupyterhub/leerrecht", str(mount)
    )
    c = Config()
    exec(compile(code, "extraConfig", "exec"), {"c": c})  # noqa: S102 (our own snippet)
    assert c.JupyterHub.authenticator_class.__name__ == "LeerrechtAuthenticator"
    assert c.Authenticator.allowed_users == {"deelnemer-01", "deelnemer-02", "trainer-a"}


def deep_merge(base: dict, over: dict) -> dict:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def test_values_match_the_charts_schema(values_file):
    chart = os.environ.get("LEERRECHT_Z2JH_CHART")
    if not chart:
        pytest.skip("set LEERRECHT_Z2JH_CHART to the chart folder to check its schema")
    import jsonschema

    schema = yaml.safe_load((Path(chart) / "values.schema.yaml").read_text())
    defaults = yaml.safe_load((Path(chart) / "values.yaml").read_text())
    merged = deep_merge(defaults, yaml.safe_load(values_file.read_text()))
    jsonschema.validate(merged, schema)

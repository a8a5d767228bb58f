"""The Content-Security-Policy meta tag and the externalised inline scripts."""

from __future__ import annotations

from merlin_troubleshooting.csp import apply_csp, externalise_inline_scripts, policy

PAGE = (
    '<!doctype html><html><head>\n<meta charset="utf-8">\n<title>t</title>'
    "<script>__md_scope=new URL('..',location)</script></head><body>"
    '<script id="__config" type="application/json">{"a": 1}</script>'
    '<script src="../bundle.js"></script><script type="module">import "./x.mjs";</script>'
    "</body></html>"
)


def test_inline_scripts_become_files_at_the_same_place_and_data_blocks_stay():
    store: dict[str, str] = {}
    html = externalise_inline_scripts(PAGE, "../", store)
    assert sorted(store.values()) == ["__md_scope=new URL('..',location)", 'import "./x.mjs";']
    for name in store:
        assert f'src="../assets/merlin-analyzer/{name}"' in html
    assert '<script type="module" src="../assets/merlin-analyzer/' in html
    assert '<script id="__config" type="application/json">{"a": 1}</script>' in html
    assert '<script src="../bundle.js"></script>' in html


def test_the_policy_is_the_first_thing_after_the_charset():
    store: dict[str, str] = {}
    html = apply_csp(PAGE, "../", "self-hosted", store)
    head = html.split("<title>")[0]
    assert head.index('http-equiv="Content-Security-Policy"') > head.index('<meta charset="utf-8">')
    assert apply_csp(html, "../", "self-hosted", store).count("Content-Security-Policy") == 1


def test_the_policy_allows_only_the_site_or_the_configured_runtime_origin():
    own = policy()
    assert "connect-src 'self';" in own and "script-src 'self' 'wasm-unsafe-eval';" in own
    assert "'unsafe-eval'" not in own.replace("'wasm-unsafe-eval'", "")
    assert "object-src 'none'" in own and "base-uri 'self'" in own
    cdn = policy("https://cdn.example/pyodide/v314.0.7/full/")
    assert "connect-src 'self' https://cdn.example;" in cdn
    assert "script-src 'self' 'wasm-unsafe-eval' https://cdn.example;" in cdn

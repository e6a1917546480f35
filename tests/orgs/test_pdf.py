"""The one PDF renderer serves the resources it is handed and nothing else: no file of the server is read or
embedded and no address is fetched, whatever the HTML names (here without the letter sanitizer in front)."""

import base64
import io

import pypdf
import pytest
from django.conf import settings

from sigap.orgs import pdf
from tests.factories import listener, pdf_embedded_files, png_bytes


def _tricks(port: int, secret, image) -> str:
    http = f"http://127.0.0.1:{port}"
    png = base64.b64encode(png_bytes(41, 41)).decode()
    return f"""<html><head>
    <base href="file:///">
    <link rel="stylesheet" href="{http}/gaya.css">
    <link rel="attachment" href="{secret}">
    <link rel="attachment" href="file://{secret}">
    <link rel="attachment" href="var/sigap.sqlite3">
    <style>@import url("{http}/impor.css"); @font-face {{ font-family: X; src: url("{http}/huruf.woff"); }}
      p {{ background-image: url("{http}/latar.png"); font-family: X; }}</style>
    </head><body>
    <p>teks</p>
    <a rel="attachment" href="{secret}">kunci relatif ke basis</a>
    <a rel="attachment" href="file://{secret}">kunci</a>
    <a rel="attachment" href="var/keys/bangkalan.key.pem">kunci kantor lain</a>
    <a rel="attachment" href="data:text/plain;base64,{base64.b64encode(b"ISI-LAMPIRAN").decode()}">data</a>
    <img src="file://{image}"><img src="{image}"><img src="data:image/png;base64,{png}">
    <img src="{http}/gambar.png"><img src="https://127.0.0.1:{port}/gambar.png">
    <img src="sigap-resource:tidak-diberikan">
    <svg width="10" height="10"><image href="{http}/svg.png" width="10" height="10"/></svg>
    <object data="{http}/objek"></object><embed src="{http}/embed"><iframe src="{http}/bingkai"></iframe>
    <div style="background: url('{http}/gaya-atribut.png')">x</div>
    <img src="sigap-resource:logo">
    </body></html>"""


def _image_sizes(raw: bytes) -> list:
    reader = pypdf.PdfReader(io.BytesIO(raw))
    return [image.image.size for page in reader.pages for image in page.images]


def test_the_renderer_loads_only_what_it_is_handed(tmp_path):
    secret = tmp_path / "rahasia.key.pem"
    secret.write_text("KUNCI-RAHASIA-SERVER")
    image = tmp_path / "gambar.png"
    image.write_bytes(png_bytes(40, 40))
    with listener() as (port, connections):
        raw = pdf.render_pdf(
            _tricks(port, secret, image),
            resources={"logo": pdf.Resource(png_bytes(30, 20), "image/png")},
            stylesheets=[pdf.stylesheet(f'@import url("http://127.0.0.1:{port}/lembar.css");')],
        )
    assert connections == []
    assert pdf_embedded_files(raw) == []
    assert b"KUNCI-RAHASIA-SERVER" not in raw and b"ISI-LAMPIRAN" not in raw
    assert _image_sizes(raw) == [(30, 20)]  # the handed logo only


def test_a_relative_address_names_no_file_of_the_project(settings_keys_in_project):
    """No base URL: `var/keys/...` and `sigap/settings.py` name nothing, wherever the process runs."""
    key = settings_keys_in_project
    raw = pdf.render_pdf(
        f'<a rel="attachment" href="{key.relative_to(settings.BASE_DIR)}">k</a>'
        '<link rel="attachment" href="sigap/settings.py"><link rel="attachment" href="./manage.py">'
    )
    assert pdf_embedded_files(raw) == [] and b"KUNCI-KANTOR-LAIN" not in raw


@pytest.fixture
def settings_keys_in_project(monkeypatch):
    """A key file under the project's folder, where a base URL at the project would find it; removed after."""
    folder = settings.BASE_DIR / "var" / "keys-uji-pdf"
    folder.mkdir(parents=True, exist_ok=True)
    key = folder / "bangkalan.key.pem"
    key.write_text("KUNCI-KANTOR-LAIN")
    monkeypatch.chdir(settings.BASE_DIR)
    yield key
    key.unlink()
    folder.rmdir()


def test_a_handed_resource_prints():
    raw = pdf.render_pdf(
        '<p>logo</p><img src="sigap-resource:logo" style="width: 20mm">',
        resources={"logo": pdf.Resource(png_bytes(30, 20), "image/png")},
    )
    assert _image_sizes(raw) == [(30, 20)]

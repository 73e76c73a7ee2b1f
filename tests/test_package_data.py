"""An installed package finds its data files: setup.cfg's package_data names every one."""

import configparser
import fnmatch
from pathlib import Path

import curriculum

PACKAGE = Path(curriculum.__file__).resolve().parent


def test_every_data_file_is_package_data():
    config = configparser.ConfigParser()
    config.read(PACKAGE.parent / "setup.cfg")
    patterns = [p.strip() for p in config["options.package_data"]["curriculum"].split(",")]
    files = [
        f.relative_to(PACKAGE).as_posix() for f in (PACKAGE / "data").rglob("*") if f.is_file()
    ]
    assert "data/demo/standards.json" in files and "data/demo/courses.json" in files
    missing = [f for f in files if not any(fnmatch.fnmatch(f, p) for p in patterns)]
    assert missing == [], "add them to [options.package_data] in setup.cfg"

"""SQLite refuses network locations: UNC paths before normalisation, Linux network mounts
(from a fake /proc/self/mountinfo), Windows mapped network drives (a fake GetDriveTypeW)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from app.db import location
from app.db.engine import (
    DRIVE_REMOTE,
    check_local_path,
    is_network_path,
    is_unc_path,
    mount_filesystem,
    resolve_url,
)
from app.errors import StorageError
from app.services.opening import open_database

MOUNTINFO = """\
22 27 0:21 / /proc rw,relatime - proc proc rw
27 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
40 27 0:40 / /mnt/office rw,relatime shared:7 - cifs //server/share rw,vers=3.0
41 40 8:17 / /mnt/office/local rw,relatime - ext4 /dev/sdb1 rw
42 27 0:42 / /srv/nfs rw,relatime - nfs4 server:/export rw
43 27 0:43 / /home/clerk/remote\\040files rw - fuse.sshfs clerk@host: rw
44 27 0:44 / /run/user/1000/gvfs rw - fuse.gvfsd-fuse gvfsd-fuse rw
45 27 0:45 / /srv/nfsish rw - ext4 /dev/sdc1 rw
"""


def _linux(path: str) -> bool:
    return is_network_path(path, platform="linux", read_mountinfo=lambda: MOUNTINFO)


@pytest.mark.parametrize("path", [
    "/mnt/office/政协.sqlite", "/mnt/office/sub/dir/x.sqlite", "/mnt/office",
    "/srv/nfs/zxlz.sqlite", "/home/clerk/remote files/zxlz.sqlite",
    "/run/user/1000/gvfs/smb-share:server=s,share=d/zxlz.sqlite",
])
def test_network_mounts_are_detected_by_filesystem_type(path: str) -> None:
    assert _linux(path)


@pytest.mark.parametrize("path", [
    "/home/clerk/zxlz.sqlite", "/mnt/office/local/zxlz.sqlite",  # a local disk mounted inside
    "/srv/nfsish/zxlz.sqlite", "/mnt/officeX/zxlz.sqlite",  # prefix of a name is no mount
])
def test_local_mounts_are_allowed(path: str) -> None:
    assert not _linux(path)


def test_longest_mount_point_wins_and_escapes_are_decoded() -> None:
    assert mount_filesystem(Path("/mnt/office/local/a"), MOUNTINFO) == "ext4"
    assert mount_filesystem(Path("/mnt/office/a"), MOUNTINFO) == "cifs"
    assert mount_filesystem(Path("/home/clerk/remote files/a"), MOUNTINFO) == "fuse.sshfs"
    assert mount_filesystem(Path("/anything"), "garbage line\n\n") is None


@pytest.mark.skipif(sys.platform == "win32", reason="Linux mount table and symbolic links "
                    "(which need developer mode on Windows); Windows shares: the UNC and "
                    "drive-type tests")
def test_a_symlink_into_a_share_is_judged_by_its_target(tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    link = tmp_path / "看起来在本地"
    link.symlink_to(share)
    fake = f"27 1 8:1 / / rw - ext4 /dev/sda1 rw\n40 27 0:40 / {share} rw - nfs s:/e rw\n"
    assert is_network_path(link / "new.sqlite", platform="linux", read_mountinfo=lambda: fake)


@pytest.mark.parametrize("text", ["//server/share/zxlz.sqlite", "\\\\server\\share\\zxlz.sqlite",
                                  "\\\\?\\UNC\\server\\share\\zxlz.sqlite", "//?/UNC/s/x"])
def test_unc_paths_on_every_platform(text: str) -> None:
    assert is_unc_path(text)
    for platform in ("linux", "win32", "darwin"):
        assert is_network_path(text, platform=platform, read_mountinfo=lambda: "")


def test_unc_is_refused_before_path_normalisation(tmp_path: Path) -> None:
    # Path("//server/share").resolve() is "/server/share" on Linux: too late to tell
    with pytest.raises(StorageError, match=r"网络共享.*PostgreSQL"):
        resolve_url("//server/share/zxlz.sqlite")
    with pytest.raises(StorageError, match="网络共享"):
        open_database("\\\\server\\share\\zxlz.sqlite")
    assert not is_unc_path("/home/x") and not is_unc_path("///x") and not is_unc_path("C:\\x")


def test_windows_mapped_network_drive_is_refused() -> None:
    asked: list[str] = []

    def drive_type(root: str) -> int:
        asked.append(root)
        return DRIVE_REMOTE if root.upper() == "Z:\\" else 3  # 3 = DRIVE_FIXED

    assert is_network_path("Z:\\政协\\zxlz.sqlite", platform="win32", drive_type=drive_type)
    assert not is_network_path("C:\\Users\\clerk\\zxlz.sqlite", platform="win32",
                                drive_type=drive_type)
    assert asked == ["Z:\\", "C:\\"]


def test_opening_a_database_on_a_mounted_share_is_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "mountinfo"
    fake.write_text(f"27 1 8:1 / / rw - ext4 /dev/sda1 rw\n"
                    f"40 27 0:40 / {tmp_path} rw - cifs //s/d rw\n", encoding="utf-8")
    monkeypatch.setattr(location, "MOUNTINFO", fake)
    monkeypatch.setattr(location.sys, "platform", "linux")
    target = tmp_path / "zxlz.sqlite"
    with pytest.raises(StorageError, match=r"网络共享位置.*PostgreSQL"):
        open_database(target)
    assert not target.exists()
    with pytest.raises(StorageError):
        check_local_path(target)

"""Stand-ins for run.sh where a tool is missing on the GPU machine (only python3 is sure to be there):
  python3 unpack.py unxz SRC DST     for `xz -dc SRC > DST`
  python3 unpack.py undeb DEB ROOT   for `dpkg -x DEB ROOT` (the deb's data.tar.* unpacked under ROOT)
"""
import io
import lzma
import shutil
import sys
import tarfile


def unxz(src, dst):
    with lzma.open(src) as f, open(dst, "wb") as g:
        shutil.copyfileobj(f, g, 1 << 20)


def undeb(deb, root):
    data = open(deb, "rb").read()
    if data[:8] != b"!<arch>\n":
        raise SystemExit("%s is not a .deb (ar archive)" % deb)
    i = 8
    while i < len(data):
        name = data[i:i + 16].decode().strip().rstrip("/")
        size = int(data[i + 48:i + 58].decode().strip())
        body = data[i + 60:i + 60 + size]
        i += 60 + size + (size & 1)
        if name.startswith("data.tar"):
            with tarfile.open(fileobj=io.BytesIO(body)) as t:
                try:
                    t.extractall(root, filter="fully_trusted")
                except TypeError:  # Python before 3.11.4 has no filter argument
                    t.extractall(root)
            return
    raise SystemExit("no data.tar in " + deb)


if __name__ == "__main__":
    {"unxz": unxz, "undeb": undeb}[sys.argv[1]](*sys.argv[2:])

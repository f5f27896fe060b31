#!/usr/bin/env bash
# Builds the offline test image from the host's static busybox: a rootfs with /bin/busybox and
# applet links, /tmp and /etc/passwd, imported through the Engine API (POST /images/create with
# fromSrc=-), so it needs neither a registry nor network access nor a docker CLI.
# Usage: images/test-busybox/build.sh DOCKER_SOCKET [TAG]   (TAG defaults to edgeorch/busybox:latest)
set -euo pipefail

if [[ $# -lt 1 ]]; then
    echo "usage: $0 DOCKER_SOCKET [TAG]" >&2
    exit 2
fi
socket="$1"
tag="${2:-edgeorch/busybox:latest}"
busybox="${BUSYBOX:-/bin/busybox}"

if [[ ! -x "${busybox}" ]]; then
    echo "build.sh: ${busybox} not found; install busybox-static" >&2
    exit 1
fi
# A dynamically linked busybox would need the host's libc inside the image.
if ldd "${busybox}" >/dev/null 2>&1; then
    echo "build.sh: ${busybox} is dynamically linked; install busybox-static" >&2
    exit 1
fi

repository="${tag%:*}"
version="${tag##*:}"
if [[ "${repository}" == "${tag}" || "${repository}" == */ ]]; then
    repository="${tag}"
    version="latest"
fi

work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT
rootfs="${work}/rootfs"
mkdir -p "${rootfs}/bin" "${rootfs}/etc" "${rootfs}/tmp" "${rootfs}/root" "${rootfs}/www"
chmod 1777 "${rootfs}/tmp"
cp "${busybox}" "${rootfs}/bin/busybox"
for applet in sh sleep httpd nc cat echo ls ps wget env true false kill mkdir rm hostname id \
    free top grep head tail; do
    ln -s busybox "${rootfs}/bin/${applet}"
done
cat >"${rootfs}/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
PASSWD
cat >"${rootfs}/etc/group" <<'GROUP'
root:x:0:
nogroup:x:65534:
GROUP
echo "edgeorch test image" >"${rootfs}/www/index.html"

tar --numeric-owner --owner=0 --group=0 -C "${rootfs}" -cf "${work}/rootfs.tar" .

# The changes parameter is a Dockerfile instruction, URL-encoded: CMD ["/bin/sh"]
changes='CMD%20%5B%22%2Fbin%2Fsh%22%5D'
url="http://localhost/images/create?fromSrc=-&repo=${repository}&tag=${version}&changes=${changes}"
answer="$(curl -sS --fail --unix-socket "${socket}" -X POST -H 'Content-Type: application/x-tar' \
    --data-binary "@${work}/rootfs.tar" "${url}")"
if [[ "${answer}" == *'"error'* ]]; then
    echo "build.sh: the engine refused the import: ${answer}" >&2
    exit 1
fi
echo "built ${repository}:${version}"

#!/usr/bin/env bash
# Copies first-boot files (from first-boot.sh) onto the boot partition of a Raspberry Pi OS
# image file, without mounting it: mtools writes straight into the FAT file system at the first
# partition's offset, so it needs neither root nor loop devices.
# Usage: images/raspberry-pi/customize-image.sh IMAGE.img FIRST_BOOT_DIR
# Then write the image to the SD card (e.g. with rpi-imager or dd) and boot the Pi.
set -euo pipefail

image="${1:?usage: customize-image.sh IMAGE.img FIRST_BOOT_DIR}"
files="${2:?usage: customize-image.sh IMAGE.img FIRST_BOOT_DIR}"
for tool in sfdisk mcopy; do
    command -v "${tool}" >/dev/null || { echo "customize-image.sh: needs ${tool} (apt install fdisk mtools)" >&2; exit 1; }
done

# The boot partition is the image's first partition (FAT32), in 512-byte sectors.
start="$(sfdisk --dump "${image}" | awk -F'[=,]' '/start=/ { print $2 + 0; exit }')"
[[ -n "${start}" ]] || { echo "customize-image.sh: ${image} has no partition table" >&2; exit 1; }
target="${image}@@$((start * 512))"

export MTOOLS_SKIP_CHECK=1
mcopy -o -i "${target}" "${files}/user-data" "${files}/meta-data" ::/
mmd -i "${target}" ::/edgeorch 2>/dev/null || true
mcopy -o -i "${target}" "${files}"/edgeorch/* ::/edgeorch/
echo "customize-image.sh: ${image} joins the cluster on first boot"
mdir -i "${target}" ::/ ::/edgeorch

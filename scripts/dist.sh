#!/usr/bin/env bash
# The CLI distribution, from the Maven artifacts: dist/zk-autograd-VERSION.tar.gz (the command,
# its libraries and the seed's command names, unpacked also as dist/zk-autograd/ for the images)
# and dist/zk-autograd-VERSION.cdx.json, the CycloneDX SBOM of every module (cyclonedx-maven-plugin,
# profile sbom). Reproducible: jar entries and tar members carry SOURCE_DATE_EPOCH (default: the
# last commit's time), members are sorted and owned by 0:0, gzip stores no name or time.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/bootstrap.sh
: "${SOURCE_DATE_EPOCH:=$(git log -1 --format=%ct 2>/dev/null || date +%s)}"
export SOURCE_DATE_EPOCH
version="$(sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -n 1)"
mvn -B -ntp -Psbom -DskipTests -Dproject.build.outputTimestamp="$SOURCE_DATE_EPOCH" package -pl cli -am
rm -rf dist && mkdir -p dist/zk-autograd/lib dist/zk-autograd/bin
cp cli/target/zk-autograd.jar scripts/dist/zk-autograd dist/zk-autograd/
cp cli/target/lib/*.jar dist/zk-autograd/lib/
cp bin/zk-verify dist/zk-autograd/bin/
cp README.md dist/zk-autograd/
find dist/zk-autograd -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
tar --sort=name --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 --numeric-owner \
  --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime \
  -C dist -cf - zk-autograd | gzip -n -9 > "dist/zk-autograd-$version.tar.gz"
cp target/bom.json "dist/zk-autograd-$version.cdx.json"
(cd dist && sha256sum "zk-autograd-$version.tar.gz" "zk-autograd-$version.cdx.json" > SHA256SUMS)
cat dist/SHA256SUMS

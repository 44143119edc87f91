#!/usr/bin/env bash
# Boots Apache Karaf 4.4.10 headless and installs sfsync's own feature (core/target/feature/feature.xml) in it, with
# what cannot be had here replaced: camel-karaf's 4.18 features do not resolve on this project's machines, so the
# Camel features are swapped for the plain Camel 4.18.0 jars, wrapped the way camel-karaf republishes them (Export-Package
# org.apache.camel*;version=4.18.0; their own imports optional), and the sfsync bundle comes from core/target.
# What it shows: the bundle's manifest resolves and starts in a real OSGi framework (Felix, Karaf's resolver), the
# drivers stay optional, the wrap: URL of the Snowflake driver installs, and the config PID io.sfsync is created.
# What it does not show: Camel running inside Karaf (that needs camel-karaf's own bundles: an estate's CI).
# Needs: mvn -pl offline,core package (the jar and the features file), and in the local Maven repository
# org.apache.karaf:apache-karaf:4.4.10:tar.gz and core's runtime dependencies. Usage: core/src/test/karaf/boot.sh
set -euo pipefail
# The wrapped Snowflake driver is installed (never used): like every run that has the driver on a classpath, this one
# lives in a network namespace with nothing but loopback (Karaf, its SSH port and this script alike), or not at all.
if [ -z "${SFSYNC_KARAF_NETNS:-}" ]; then
    flags="--net"
    [ "$(id -u)" = 0 ] || flags="-rn"
    if ! unshare $flags sh -c 'ip link set lo up' >/dev/null 2>&1; then
        echo "boot.sh: cannot create a loopback-only network namespace (unshare $flags); not booting Karaf" >&2
        exit 2
    fi
    SFSYNC_KARAF_NETNS=1 exec unshare $flags sh -c 'ip link set lo up && exec "$0" "$@"' "$0" "$@"
fi
top="$(cd "$(dirname "$0")/../../../.." && pwd)"
m2="${M2_REPO:-$HOME/.m2/repository}"
work="$(mktemp -d /tmp/sfsync-karaf.XXXXXX)"
version=0.1.0-SNAPSHOT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

tar xzf "$m2/org/apache/karaf/apache-karaf/4.4.10/apache-karaf-4.4.10.tar.gz" -C "$work"
karaf="$work/apache-karaf-4.4.10"
# loopback only, a free SSH port, no JMX/RMI ports taken from others, artifacts from the local repository only
sed -i "s/^sshPort = .*/sshPort = $port/; s/^sshHost = .*/sshHost = 127.0.0.1/" "$karaf/etc/org.apache.karaf.shell.cfg"
sed -i 's/^rmiRegistryPort = .*/rmiRegistryPort = 0/; s/^rmiServerPort = .*/rmiServerPort = 0/' \
    "$karaf/etc/org.apache.karaf.management.cfg"
sed -i '/^org.ops4j.pax.url.mvn.repositories=/,/^$/d' "$karaf/etc/org.ops4j.pax.url.mvn.cfg"
printf 'org.ops4j.pax.url.mvn.repositories=\norg.ops4j.pax.url.mvn.localRepository=%s\n' "$m2" >> "$karaf/etc/org.ops4j.pax.url.mvn.cfg"
ssh-keygen -q -t rsa -b 2048 -N '' -f "$work/key"
echo "karaf=$(cut -d' ' -f2 "$work/key.pub"),_g_:admingroup" >> "$karaf/etc/keys.properties"

python3 - "$top/core/target/feature/feature.xml" "$work/boot-features.xml" "$top/core/target/sfsync-$version.jar" <<'PY'
import re, sys
src, out, jar = sys.argv[1:]
xml = open(src).read()
xml = re.sub(r'\s*<repository>[^<]*</repository>', '', xml)
xml = re.sub(r'<feature version="[^"]*">camel-[a-z-]+</feature>', '', xml)
xml = xml.replace('<feature prerequisite="true">wrap</feature>',
                  '<feature prerequisite="true">wrap</feature>\n        <feature>sfsync-boot-camel</feature>', 1)
xml = re.sub(r'mvn:io\.sfsync/sfsync/[^<\s]*(?=</bundle>)', 'file:' + jar, xml)
camel = ['camel-api', 'camel-util', 'camel-support', 'camel-base', 'camel-health', 'camel-main', 'camel-core-model',
         'camel-quartz', 'camel-salesforce']
wrap = ''.join(
    f'\n        <bundle>wrap:mvn:org.apache.camel/{a}/4.18.0$Bundle-SymbolicName=boot.{a}&amp;Bundle-Version=4.18.0'
    f'&amp;Export-Package=org.apache.camel*;version=4.18.0&amp;Import-Package=*;resolution:=optional</bundle>'
    for a in camel)
bundles = ['com.fasterxml.jackson.core/jackson-annotations/2.19.4', 'com.fasterxml.jackson.core/jackson-core/2.19.4',
           'com.fasterxml.jackson.core/jackson-databind/2.19.4', 'org.eclipse.jetty/jetty-util/12.1.6',
           'org.eclipse.jetty/jetty-io/12.1.6', 'org.eclipse.jetty/jetty-http/12.1.6',
           'org.eclipse.jetty/jetty-alpn-client/12.1.6', 'org.eclipse.jetty/jetty-client/12.1.6',
           'commons-io/commons-io/2.21.0', 'commons-codec/commons-codec/1.19.0',
           'io.micrometer/micrometer-commons/1.15.6', 'org.quartz-scheduler/quartz/2.5.2']
real = ''.join(f'\n        <bundle>mvn:{b}</bundle>' for b in bundles)
# as camel-karaf's camel-micrometer feature installs it (its com.sun.management import is not in Karaf's jre.properties)
real += ('\n        <bundle>wrap:mvn:io.micrometer/micrometer-core/1.15.6$overwrite=merge'
         '&amp;Import-Package=*;resolution:=optional</bundle>')
boot = ('<feature name="sfsync-boot-camel" version="1">\n        <feature prerequisite="true">wrap</feature>'
        + wrap + real + '\n    </feature>\n</features>')
xml = xml.replace('</features>', boot)
open(out, 'w').write(xml)
PY

"$karaf/bin/start" >/dev/null 2>&1 || true
# stopped at the end whatever happened; its folder removed unless SFSYNC_KARAF_KEEP=1 (to read data/log/karaf.log)
stop() {
    "$karaf/bin/stop" >/dev/null 2>&1 || true
    pid=$(sed -n 's/^item\.0\.pid *= *//p' "$karaf/instances/instance.properties" 2>/dev/null || true)
    for _ in $(seq 1 60); do
        if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then break; fi
        sleep 1
    done
    [ "${SFSYNC_KARAF_KEEP:-}" = 1 ] || rm -rf "$work"
}
trap stop EXIT
k() {
    ssh -q -p "$port" -i "$work/key" -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o BatchMode=yes \
        karaf@127.0.0.1 "$@"
}
for _ in $(seq 1 120); do
    if k 'bundle:list -t 0 | grep -c Active' >/dev/null 2>&1; then break; fi
    sleep 1
done
echo "== network interfaces here: $(ip -o link show | awk -F': ' '{print $2}' | tr '\n' ' ')"
echo "== Karaf $(k 'shell:info' | grep -m1 'Karaf version' | awk '{print $NF}') up on 127.0.0.1:$port ($karaf)"
k "feature:repo-add file:$work/boot-features.xml"
k 'feature:install sfsync' 2>&1
echo "== bundles of the feature (id, state, start level, version, symbolic name)"
k 'bundle:list -s -t 0 --no-format' > "$work/bundles.txt"
grep -E '[[:space:]](io\.sfsync|net\.snowflake\.snowflake-jdbc|boot\.camel-.*|com\.zaxxer\.HikariCP|org\.apache\.commons\.commons-csv)$' \
    "$work/bundles.txt" || true
k 'bundle:headers --indent 0 io.sfsync' | grep -E '^(Bundle-SymbolicName|Bundle-Version|Export-Package)' || true
echo "== config PID io.sfsync"
k 'config:list "(service.pid=io.sfsync)"' | grep -E "Pid|sfsync\."
state=$(awk -F'\t' '$5 == "io.sfsync" { gsub(/[[:space:]]/, "", $2); print $2 }' "$work/bundles.txt")
echo "io.sfsync: ${state:-not installed}"
[ "$state" = "Active" ]

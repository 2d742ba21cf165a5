#!/usr/bin/env bash
# A single-node SLURM for tests: `cluster.sh start DIR` installs slurm-wlm and munge if needed (root + apt),
# writes a configuration under DIR, starts munged, slurmctld and slurmd, and waits for the node to be idle;
# `cluster.sh stop DIR` stops the daemons it started (by their pids). Exit 77 = cannot run here (skip).
set -u
cmd=${1:?start|stop}; dir=${2:?state directory}
mkdir -p "$dir"
if [ "$cmd" = stop ]; then
  for p in slurmd slurmctld munged; do
    [ -f "$dir/$p.pid" ] && kill "$(cat "$dir/$p.pid")" 2>/dev/null
  done
  sleep 1
  for p in slurmd slurmctld munged; do
    [ -f "$dir/$p.pid" ] && kill -9 "$(cat "$dir/$p.pid")" 2>/dev/null; rm -f "$dir/$p.pid"
  done
  exit 0
fi
[ "$(id -u)" = 0 ] || { echo "skip: not root (slurmd must run as root here)"; exit 77; }
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  command -v apt-get >/dev/null || { echo "skip: no slurm and no apt-get"; exit 77; }
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge) >/dev/null 2>&1 ||
    { echo "skip: could not install slurm-wlm and munge"; exit 77; }
fi
cpus=$(nproc); host=$(hostname -s); mem=$(($(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 512))
mkdir -p "$dir/spool/ctld" "$dir/spool/d" "$dir/munge" "$dir/log"
# munge: a key and a socket of our own, so a system munged (if any) is left alone.
[ -f "$dir/munge/munge.key" ] || dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 2>/dev/null
chmod 700 "$dir/munge"; chmod 400 "$dir/munge/munge.key"
sock="$dir/munge/munge.socket"
munged --force --key-file="$dir/munge/munge.key" --socket="$sock" --pid-file="$dir/munged.pid" \
  --log-file="$dir/log/munged.log" --seed-file="$dir/munge/seed" || { echo "skip: munged did not start"; exit 77; }
cat > "$dir/slurm.conf" <<CONF
ClusterName=claimgraph-test
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$sock
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
StateSaveLocation=$dir/spool/ctld
SlurmdSpoolDir=$dir/spool/d
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
SlurmctldPort=16817
SlurmdPort=16818
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MaxArraySize=10001
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP OverSubscribe=NO
CONF
export SLURM_CONF="$dir/slurm.conf"
slurmctld -f "$SLURM_CONF" || { echo "skip: slurmctld did not start (see $dir/log)"; exit 77; }
slurmd -f "$SLURM_CONF" || { echo "skip: slurmd did not start (see $dir/log)"; exit 77; }
for _ in $(seq 1 60); do
  state=$(sinfo -h -N -o "%T" 2>/dev/null | head -1)
  [ "$state" = idle ] && { echo "slurm up: $host, $cpus cpus (SLURM_CONF=$SLURM_CONF)"; exit 0; }
  sleep 0.5
done
echo "skip: node not idle after 30 s (state: ${state:-none}; see $dir/log)"; exit 77

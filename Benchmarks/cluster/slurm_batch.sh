#!/usr/bin/env bash
# A real Slurm run of `hingecheck batch --shard` on this one machine (docs/batch.md, "Slurm: a
# worked example"). Starts munged, slurmctld and slurmd with a generated config in a temporary
# folder (one node, localhost, this machine's CPUs and memory; no cgroups: proctrack/linuxproc,
# task/none, so it runs in a container), then:
#   1. a one-machine batch of SampleVideos (the reference);
#   2. the same inputs as a job array of N shards, then `batch merge`: summary.csv must equal the
#      reference row for row;
#   3. again into a new folder, scancel one array task once it has finished an input, resubmit
#      that task: the finished reports must be kept (done.json untouched) and only the missing
#      inputs analysed; the merge must again equal the reference.
# Every daemon it started is stopped on exit.
#
#   bash Benchmarks/cluster/slurm_batch.sh            # N=2 shards, the release binary
#   HC=/usr/local/bin/hingecheck N=4 bash Benchmarks/cluster/slurm_batch.sh
#
# Needs: root, Debian's slurm-wlm and munge (installed with apt-get if missing), the models
# (`make models`), a built hingecheck (`make release` or `make install`).
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD
N=${N:-2}
HC=$(readlink -f "${HC:-.build/release/hingecheck}")
EXTRA=${EXTRA:---report-video none}     # flags for every batch run (the same for reference and shards)
[ -x "$HC" ] || { echo "slurm_batch: no hingecheck at $HC (make release)" >&2; exit 2; }
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends slurm-wlm munge
fi

T=$(mktemp -d /tmp/hingecheck-slurm.XXXXXX)
mkdir -p "$T/state" "$T/spool" "$T/log" "$T/munge"
chmod 755 "$T"
pids=()
cleanup() {
  # Only what this script started, by pid.
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  sleep 1
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  echo "slurm_batch: daemons stopped; logs and outputs in $T"
}
trap cleanup EXIT
say() { echo "== $*"; }
t() { date +%s.%N; }
secs() { printf '%.1f' "$(echo "$2 - $1" | bc)"; }

# --- munge: its own socket, pid and log under $T (the Debian key in /etc/munge) ---------------
chown munge:munge "$T/munge"
sudo_munge() { runuser -u munge -- "$@"; }
sudo_munge munged --socket="$T/munge/munge.socket" --pid-file="$T/munge/munged.pid" \
  --log-file="$T/munge/munged.log" --seed-file="$T/munge/munged.seed" --key-file=/etc/munge/munge.key
sleep 0.5
pids+=("$(cat "$T/munge/munged.pid")")
munge -S "$T/munge/munge.socket" -n | unmunge -S "$T/munge/munge.socket" >/dev/null
say "munged up (socket $T/munge/munge.socket)"

# --- slurm.conf: one node, this machine ------------------------------------------------------
cpus=$(nproc)
mem_mb=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 1024 ))
host=$(hostname -s)
port=$(( 16000 + RANDOM % 2000 ))
cat > "$T/slurm.conf" <<CONF
ClusterName=hingecheck
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$T/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$T/state
SlurmdSpoolDir=$T/spool
SlurmctldPidFile=$T/slurmctld.pid
SlurmdPidFile=$T/slurmd.pid
SlurmctldLogFile=$T/log/slurmctld.log
SlurmdLogFile=$T/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
KillWait=30
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=local Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
touch "$T/plugstack.conf"
export SLURM_CONF=$T/slurm.conf
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF" -N localhost
for _ in $(seq 50); do [ -s "$T/slurmctld.pid" ] && [ -s "$T/slurmd.pid" ] && break; sleep 0.2; done
pids+=("$(cat "$T/slurmd.pid")" "$(cat "$T/slurmctld.pid")")
for _ in $(seq 100); do sinfo -h -o %T 2>/dev/null | grep -qx idle && break; sleep 0.3; done
sinfo -h -o %T | grep -qx idle || { sinfo; tail -20 "$T/log/slurmctld.log" "$T/log/slurmd.log"; exit 1; }
say "slurmctld + slurmd up: $(sinfo -h -o '%P %D node %c CPUs %m MB %T')"

wait_job() {  # until no task of job $1 is pending or running
  while squeue -h -j "$1" 2>/dev/null | grep -q .; do sleep 1; done
}
rows() { tail -n +2 "$1/summary.csv" | sort; }

# --- 1. reference: one machine ----------------------------------------------------------------
say "reference: hingecheck batch SampleVideos --out $T/single $EXTRA"
s=$(t); "$HC" batch "$repo/SampleVideos" --out "$T/single" --jobs "$cpus" --quiet $EXTRA; e=$(t)
single_s=$(secs "$s" "$e")
say "reference: $(rows "$T/single" | wc -l) rows in ${single_s} s"

# --- the array job ----------------------------------------------------------------------------
cat > "$T/batch.sbatch" <<SB
#!/bin/bash
#SBATCH --job-name=hingecheck
#SBATCH --array=0-$((N - 1))
#SBATCH --cpus-per-task=1
#SBATCH --output=$T/log/hingecheck-%A_%a.log
#SBATCH --signal=B:TERM@120
set -u
# N is fixed, not SLURM_ARRAY_TASK_MAX - MIN + 1: a resubmission with --array=3 has MIN = MAX.
N=$N
exec "$HC" batch "$repo/SampleVideos" --out "\$OUT" --shard "\$SLURM_ARRAY_TASK_ID/\$N" --jobs 1 $EXTRA
SB
# --array on the command line (the resubmission) overrides the script's.
submit() { # OUT [extra sbatch args]
  local out=$1; shift
  OUT=$out sbatch --parsable --export=ALL,OUT="$out",HOME="$HOME" "$@" "$T/batch.sbatch"
}

# --- 2. sharded over the array, merged --------------------------------------------------------
say "array: $N tasks, --shard \$SLURM_ARRAY_TASK_ID/$N, --jobs 1, 1 CPU each"
s=$(t); job=$(submit "$T/sharded"); wait_job "$job"; e=$(t)
array_s=$(secs "$s" "$e")
sacct_line=$(scontrol show job "$job" 2>/dev/null | grep -o 'JobState=[A-Z]*' | sort | uniq -c | tr '\n' ' ' || true)
"$HC" batch merge "$T/sharded" --out "$T/sharded"
for i in $(seq 0 $((N - 1))); do
  echo "   task $i: $(grep -h '^batch: ' "$T/log/hingecheck-${job}_$i.log" | tr '\n' ' ')"
done
if diff <(rows "$T/single") <(rows "$T/sharded") > "$T/diff-sharded.txt" && cmp -s "$T/single/summary.csv" "$T/sharded/summary.csv"; then
  say "array + merge: $(rows "$T/sharded" | wc -l) rows equal to the reference (summary.csv byte-identical) in ${array_s} s"
else
  cat "$T/diff-sharded.txt"; echo "slurm_batch: FAIL: merged summary differs from the reference" >&2; exit 1
fi

# --- 3. kill one task mid-run, resubmit it ---------------------------------------------------
say "kill and resume: same array into a new folder; scancel task 0 after its first finished input"
s=$(t); job=$(submit "$T/killed")
victim=0
log0=$T/log/hingecheck-${job}_$victim.log
for _ in $(seq 1200); do   # the progress lines name each finished input: "deadlift-neutral.mp4: done"
  grep -q ': done$' "$log0" 2>/dev/null && break
  sleep 0.5
done
scancel "${job}_$victim"
wait_job "$job"
kill_s=$(secs "$s" "$(t)")
find "$T/killed" -name done.json -printf '%p %T@ %i\n' | sort > "$T/done-before.txt"
before=$(wc -l < "$T/done-before.txt")
say "after scancel: $before complete reports; task $victim log: $(grep -h ': done$\|^batch: \|stopped\|CANCELLED' "$log0" | tr '\n' ' ')"
s=$(t); job2=$(submit "$T/killed" --array=$victim); wait_job "$job2"; resume_s=$(secs "$s" "$(t)")
log2=$T/log/hingecheck-${job2}_$victim.log
say "resubmitted task $victim: $(grep -h '^batch: ' "$log2" | tr '\n' ' ') (${resume_s} s)"
# every done.json from before is untouched (same mtime and inode)
while read -r path mtime inode; do
  now=$(stat -c '%.Y %i' "$path" 2>/dev/null || echo gone)
  [ "$(printf '%.0f' "$mtime") $inode" = "$(printf '%.0f' "${now% *}") ${now#* }" ] \
    || { echo "slurm_batch: FAIL: $path was redone ($mtime $inode -> $now)" >&2; exit 1; }
done < "$T/done-before.txt"
skipped=$(grep -ho 'skipping [0-9]*' "$log2" | grep -o '[0-9]*' || echo 0)
"$HC" batch merge "$T/killed" --out "$T/killed"
if cmp -s "$T/single/summary.csv" "$T/killed/summary.csv"; then
  say "kill + resubmit + merge: $(rows "$T/killed" | wc -l) rows equal to the reference; $before reports kept, the resubmitted task skipped ${skipped} and analysed the rest"
else
  diff <(rows "$T/single") <(rows "$T/killed") || true
  echo "slurm_batch: FAIL: merged summary after the resubmission differs" >&2; exit 1
fi
say "figures: reference ${single_s} s (--jobs $cpus); array of $N ${array_s} s; killed run ${kill_s} s; resubmission ${resume_s} s"
echo "3 passed, 0 failed"

"""Schema, variants, targets and limits of the overhead report (shared by
measure, compare, render and validate)."""

SCHEMA = "tlsan-overhead/1"

# The variants, in the order of every table and chart.
VARIANTS = [
    {"name": "plain",
     "description": "the benchmark without tlsan: bin/<family>_plain"},
    {"name": "tlsan",
     "description": "the static runtime, linked as tlsan-c++ "
                    "-fsanitize=thread-leak links it: bin/<family>_tlsan"},
    {"name": "tlsan-preload",
     "description": "the plain binary with LD_PRELOAD=lib/libtlsan.so"},
    {"name": "tsan",
     "description": "ThreadSanitizer (-fsanitize=thread), for contrast: "
                    "bin/<family>_tsan"},
]
VARIANT_NAMES = [v["name"] for v in VARIANTS]
TLSAN_VARIANTS = ["tlsan", "tlsan-preload"]

# Families measured only with the runtime (absolute times, no ratios).
LEAK_FAMILIES = {"leak_pass", "leak_scale"}

# Targets on ratios to plain (median, same run), for tlsan and
# tlsan-preload. Rows are "<family>/<benchmark name>[ [metric]]". Rows with
# several threads are judged on the CPU time of the whole process: on a
# loaded machine their wall time mostly measures the scheduler (both are in
# the report).
RATIO_TARGETS = [
    {"id": "mutex", "what": "uncontended mutex lock+unlock",
     "rows": ["sync/BM_MutexLockUnlock"], "max_ratio": 1.05},
    {"id": "condvar", "what": "condition variable ping-pong (process CPU)",
     "rows": ["sync/BM_CondvarPingPong/process_time/real_time"
              " [process CPU]"],
     "max_ratio": 1.05},
    {"id": "create_join", "what": "thread create+join (process CPU)",
     "rows": ["thread/BM_StdThreadCreateJoin/process_time/real_time"
              " [process CPU]",
              "thread/BM_PthreadCreateJoin/process_time/real_time"
              " [process CPU]"],
     "max_ratio": 1.05},
    # workers:2, one per core of the reference machine; workers:4 (more
    # workers than cores) is reported but too noisy to judge.
    {"id": "pool", "what": "thread pool, 100,000 tasks, 2 workers "
                           "(process CPU)",
     "rows": ["pool/BM_ThreadPool100kTasks/workers:2/process_time/real_time"
              " [process CPU]"],
     "max_ratio": 1.03},
    # The slow path of a busy mutex (a BlockingRegion, and the wait in
    # deadlock_check_ms slices of pthread_mutex_clocklock).
    {"id": "contended_mutex", "what": "contended mutex, 2 threads "
                                      "(process CPU)",
     "rows": ["contended/BM_ContendedMutex/process_time/real_time/threads:2"
              " [process CPU]"],
     "max_ratio": 1.10},
    {"id": "pipe_poll", "what": "pipe read/write, poll/epoll on a ready fd",
     "rows": ["io/BM_PipeWriteRead", "io/BM_PollReady",
              "io/BM_EpollWaitReady"],
     "max_ratio": 1.05},
]

# Leak pass rows (regular expressions on "<family>/<benchmark name>").
EXIT_10K_ROW = r"leak_scale/BM_ExitPass/leaked:10000/symbolize:0(/|$)"
PER_TEST_ROW = (r"leak_scale/BM_PerTestCheckNoLeak/background:0"
                r"/after_burst:0/in_test:1/join_after_start:%d(/|$)")
EXIT_ROWS = r"leak_scale/BM_ExitPass/leaked:(\d+)/symbolize:0(/|$)"
STACKS_ROW = r"leak_scale/BM_DistinctStacks/stacks:100/symbolize:%d(/|$)"
EXIT_10K_LIMIT_MS = 50.0
PER_TEST_LIMIT_US = 5.0
MEMORY_LIMIT_BYTES = 1024

UNIT_NS = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}

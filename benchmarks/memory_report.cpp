// memory_report.cpp: what tlsan's bookkeeping costs in memory.
//
//   1. churn: creates and joins THREADS threads (default 1,000,000), 64 at a
//      time, from 8 call sites, with small stacks (2 * PTHREAD_STACK_MIN), then prints the registry and stack depot
//      footprint. Slots are recycled and equal stacks are stored once, so
//      both must stay bounded by the peak number of live threads and the
//      number of creation sites, not grow with THREADS;
//   2. live: keeps LIVE threads (default 10,000; small stacks) blocked at
//      once and prints the registry and depot bytes per live thread (the
//      budget is 1 KiB per thread beyond the stacks it captured).
//
// Links the runtime (tlsan_runtime_for_tests) and reads its internals:
// Registry::GetStats(), StackDepotGetStats(), sizeof(ThreadRecord). Not a
// Google Benchmark: scripts/overhead-report.sh runs it once and reads the
// JSON it writes with --json.
//
// Usage: memory_report [--threads N] [--live N] [--json FILE]
// Example: build/default/bin/memory_report --threads 200000 --json mem.json
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <array>
#include <latch>
#include <utility>
#include <vector>

#include "tlsan_registry.h"
#include "tlsan_rtl.h"
#include "tlsan_stack_depot.h"

namespace {

using __tlsan::Registry;
using __tlsan::StackDepotStats;

constexpr int kBatch = 64;  // threads alive at once during the churn
constexpr std::size_t kSites = 8;

double Now() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

// VmRSS or VmHWM of this process, in KiB (-1 if unreadable).
long ProcStatusKib(const char* field) {
  FILE* f = fopen("/proc/self/status", "r");
  if (!f) return -1;
  char line[256];
  long value = -1;
  std::size_t n = strlen(field);
  while (fgets(line, sizeof(line), f))
    if (strncmp(line, field, n) == 0 && line[n] == ':') {
      value = strtol(line + n + 1, nullptr, 10);
      break;
    }
  fclose(f);
  return value;
}

void* Nothing(void* arg) { return arg; }
void* WaitOnLatch(void* latch) {
  static_cast<std::latch*>(latch)->wait();
  return nullptr;
}

using Spawner = int (*)(pthread_t*, const pthread_attr_t*, void* (*)(void*),
                        void*);
template <std::size_t N>
__attribute__((noinline)) int SpawnAt(pthread_t* t, const pthread_attr_t* attr,
                                      void* (*fn)(void*), void* arg) {
  volatile std::size_t site = N;
  int res = pthread_create(t, attr, fn, arg);
  return res + static_cast<int>(site - N);  // not a tail call
}
template <std::size_t... I>
constexpr std::array<Spawner, sizeof...(I)> MakeSpawners(
    std::index_sequence<I...>) {
  return {&SpawnAt<I>...};
}
constexpr auto kSpawners = MakeSpawners(std::make_index_sequence<kSites>());

struct Footprint {
  Registry::Stats registry;
  StackDepotStats depot;
  long rss_kib;
};

Footprint Measure() {
  return {__tlsan::registry().GetStats(), __tlsan::StackDepotGetStats(),
          ProcStatusKib("VmRSS")};
}

void PrintFootprint(FILE* out, const char* key, const Footprint& f) {
  fprintf(out,
          "  \"%s\": {\"registry_slots_used\": %zu, "
          "\"registry_slots_mapped\": %zu, \"registry_live\": %zu, "
          "\"registry_bytes_mapped\": %zu, \"depot_stacks\": %zu, "
          "\"depot_bytes\": %zu, \"rss_kib\": %ld}",
          key, (size_t)f.registry.slots_used, (size_t)f.registry.slots_mapped,
          (size_t)f.registry.live, (size_t)f.registry.bytes_mapped,
          (size_t)f.depot.stacks, (size_t)f.depot.bytes_used, f.rss_kib);
}

void PrintHuman(const char* what, const Footprint& f) {
  printf("%-22s registry: %zu slots used, %zu mapped (%zu KiB), %zu live; "
         "depot: %zu stacks, %zu bytes; RSS %ld KiB\n",
         what, (size_t)f.registry.slots_used, (size_t)f.registry.slots_mapped,
         (size_t)f.registry.bytes_mapped / 1024, (size_t)f.registry.live,
         (size_t)f.depot.stacks, (size_t)f.depot.bytes_used, f.rss_kib);
}

}  // namespace

int main(int argc, char** argv) {
  long threads = 1000000;
  long live = 10000;
  const char* json_path = nullptr;
  for (int i = 1; i < argc; ++i) {
    if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc)
      threads = strtol(argv[++i], nullptr, 10);
    else if (strcmp(argv[i], "--live") == 0 && i + 1 < argc)
      live = strtol(argv[++i], nullptr, 10);
    else if (strcmp(argv[i], "--json") == 0 && i + 1 < argc)
      json_path = argv[++i];
    else {
      fprintf(stderr,
              "usage: %s [--threads N] [--live N] [--json FILE]\n", argv[0]);
      return 2;
    }
  }
  if (!__tlsan::DetectLeaks()) {
    fprintf(stderr, "memory_report: the runtime is off (detect_leaks=0)\n");
    return 1;
  }

  const Footprint start = Measure();
  PrintHuman("start:", start);

  // 1. Churn. Small stacks, so that glibc's stack cache (40 MiB) holds a
  // whole batch and the churn measures thread creation, not mmap.
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 2 * PTHREAD_STACK_MIN);
  double t0 = Now();
  long created = 0;
  while (created < threads) {
    pthread_t batch[kBatch];
    int n = 0;
    for (; n < kBatch && created + n < threads; ++n)
      if (kSpawners[(created + n) % kSites](&batch[n], &attr, Nothing,
                                           nullptr) != 0) {
        fprintf(stderr, "memory_report: pthread_create failed\n");
        return 1;
      }
    for (int k = 0; k < n; ++k) pthread_join(batch[k], nullptr);
    created += n;
  }
  const double churn_seconds = Now() - t0;
  const Footprint after_churn = Measure();
  printf("churn: %ld threads created and joined, %d at a time, in %.1f s "
         "(%.1f us each)\n",
         threads, kBatch, churn_seconds, churn_seconds * 1e6 / threads);
  PrintHuman("after churn:", after_churn);

  // 2. Live threads, blocked, from one call site.
  std::latch release(1);
  std::vector<pthread_t> blocked;
  blocked.reserve(live);
  const Footprint before_live = Measure();
  for (long i = 0; i < live; ++i) {
    pthread_t t;
    if (kSpawners[0](&t, &attr, WaitOnLatch, &release) != 0) break;
    blocked.push_back(t);
  }
  pthread_attr_destroy(&attr);
  const Footprint with_live = Measure();
  const long live_threads = static_cast<long>(blocked.size());
  release.count_down();
  for (pthread_t t : blocked) pthread_join(t, nullptr);
  const Footprint end = Measure();
  PrintHuman("with live threads:", with_live);
  PrintHuman("end:", end);

  const double registry_per_live =
      live_threads ? double(with_live.registry.bytes_mapped -
                            before_live.registry.bytes_mapped) /
                         live_threads
                   : 0;
  const double depot_per_live =
      live_threads ? double(with_live.depot.bytes_used -
                            before_live.depot.bytes_used) /
                         live_threads
                   : 0;
  const double rss_per_live =
      live_threads
          ? double(with_live.rss_kib - before_live.rss_kib) * 1024 / live_threads
          : 0;
  const std::size_t slot_bytes =
      before_live.registry.slots_mapped
          ? before_live.registry.bytes_mapped / before_live.registry.slots_mapped
          : 0;
  printf("sizeof(ThreadRecord) = %zu bytes; %zu bytes per registry slot "
         "(record + handle, in %u-slot chunks); sizeof(ThreadContext) = %zu "
         "bytes of TLS per thread\n",
         sizeof(__tlsan::ThreadRecord), slot_bytes, Registry::kChunkSize,
         sizeof(__tlsan::ThreadContext));
  printf("per live thread (%ld live): registry %.0f bytes, depot %.1f bytes, "
         "process RSS %.0f bytes (thread stack, TLS and glibc included)\n",
         live_threads, registry_per_live, depot_per_live, rss_per_live);

  if (json_path) {
    FILE* out = fopen(json_path, "w");
    if (!out) {
      perror(json_path);
      return 1;
    }
    fprintf(out, "{\n  \"threads_churned\": %ld,\n  \"batch\": %d,\n"
                 "  \"creation_sites\": %zu,\n  \"churn_seconds\": %.3f,\n"
                 "  \"live_threads\": %ld,\n"
                 "  \"sizeof_thread_record\": %zu,\n"
                 "  \"bytes_per_registry_slot\": %zu,\n"
                 "  \"registry_chunk_slots\": %u,\n"
                 "  \"registry_max_slots\": %u,\n"
                 "  \"sizeof_thread_context_tls\": %zu,\n"
                 "  \"registry_bytes_per_live_thread\": %.1f,\n"
                 "  \"depot_bytes_per_live_thread\": %.2f,\n"
                 "  \"rss_bytes_per_live_thread\": %.0f,\n",
            threads, kBatch, kSites, churn_seconds, live_threads,
            sizeof(__tlsan::ThreadRecord), slot_bytes, Registry::kChunkSize,
            Registry::kChunkSize * Registry::kMaxChunks,
            sizeof(__tlsan::ThreadContext), registry_per_live, depot_per_live,
            rss_per_live);
    PrintFootprint(out, "start", start);
    fputs(",\n", out);
    PrintFootprint(out, "after_churn", after_churn);
    fputs(",\n", out);
    PrintFootprint(out, "before_live", before_live);
    fputs(",\n", out);
    PrintFootprint(out, "with_live", with_live);
    fputs(",\n", out);
    PrintFootprint(out, "end", end);
    fputs("\n}\n", out);
    fclose(out);
  }
  return 0;
}

//===-- churn.cpp - thread churn under a concurrent recoverable check -----===//
//
// Part of ThreadLeakSanitizer (tlsan). ctest: stress.churn.
//
// 64 "churner" threads create short-lived children for N seconds: a third
// are joined, a third created detached, a third detached after creation;
// one child in eight first blocks on a semaphore its parent posts. All the
// while a checker thread runs __tlsan_check (max_retries=0, symbolize=0) in
// a loop, ignoring the churners, and asserts on every reported leak:
//   * it is not a detached thread that has finished;
//   * it is not a thread whose join had returned before the check began
//     (joined_at[id] < the sequence number read before the call);
//   * it was created by a churner (a leak of unknown origin would be a
//     thread tlsan saw twice: once as created, once in /proc);
//   * no churner has two children neither joined nor detached in one
//     check (it never has: a torn snapshot would);
//   * its fields are sane (state, tid, stack sizes).
// Then everything is joined and a final check (default retries) returns 0,
// and the process's resident memory has not grown with the churn (the
// registry recycles its records).
//
// N = 2 s (CI). Stress mode: TLSAN_STRESS_SECONDS=10 ctest -R stress.churn
// (see tests/stress/README.md). TLSAN_STRESS_ONE_CPU=1 (ctest
// stress.churn.one_cpu) first pins the process to one CPU of its affinity
// mask: preempted threads then linger in /proc long after their records
// were released, which the leak pass must not take for foreign threads.
//
//===----------------------------------------------------------------------===//
#include <pthread.h>
#include <sched.h>
#include <sanitizer/tlsan_interface.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <atomic>
#include <chrono>

namespace {

constexpr int kChurners = 64;
constexpr uint64_t kMaxIds = 1u << 22;  // ids beyond this are not tracked

enum Kind : uint8_t { kUnknown, kChurner };
std::atomic<uint8_t> kind[kMaxIds];
std::atomic<uint32_t> joined_at[kMaxIds];  // sequence number of the join
std::atomic<uint32_t> seq{1};
std::atomic<bool> stop{false};
std::atomic<uint64_t> created{0}, checks{0}, seen[3], failures{0};

#define EXPECT(cond, leak)                                                  \
  do {                                                                      \
    if (!(cond)) Fail(#cond, leak);                                         \
  } while (0)

// Each failed assertion is printed the first 3 times, then only counted
// (OnLeak runs on the checker thread only).
struct FailCount {
  const char *what;
  unsigned long count;
} fail_counts[8];

void Fail(const char *what, const __tlsan_leak *l) {
  failures.fetch_add(1);
  for (FailCount &f : fail_counts) {
    if (f.what && f.what != what) continue;
    f.what = what;
    if (f.count++ < 3)
      fprintf(stderr,
              "churn: FAILED %s: T%llu tid=%d state=%s detached=%d "
              "foreign=%d created_by_id=%llu created_by_tid=%d\n",
              what, (unsigned long long)l->id, l->tid, l->state, l->detached,
              l->foreign, (unsigned long long)l->created_by_id,
              l->created_by_tid);
    return;
  }
}

int PrintFailCounts() {
  int kinds = 0;
  for (const FailCount &f : fail_counts)
    if (f.what)
      kinds++, fprintf(stderr, "churn: %lu x FAILED %s\n", f.count, f.what);
  return kinds;
}

struct Child {
  sem_t go;
  bool blocks;
  uint64_t id;
};

void *ChildBody(void *arg) {
  Child *c = (Child *)arg;
  c->id = __tlsan_current_thread_id();
  if (c->blocks) sem_wait(&c->go);
  return nullptr;
}

void *DetachedBody(void *arg) {  // owns nothing the parent touches later
  sem_t *go = (sem_t *)arg;
  if (go) sem_wait(go);
  return nullptr;
}

// One per churner, for its blocking detached children (static: they may
// outlive their creator).
sem_t detached_go[kChurners];
std::atomic<int> started{0};

void *Churner(void *arg) {
  uint64_t me = __tlsan_current_thread_id();
  if (me < kMaxIds) kind[me] = kChurner;
  sem_t &go = detached_go[(intptr_t)arg];
  started.fetch_add(1);
  unsigned rnd = (unsigned)me * 2654435761u;
  pthread_attr_t detached;
  pthread_attr_init(&detached);
  pthread_attr_setdetachstate(&detached, PTHREAD_CREATE_DETACHED);
  while (!stop.load(std::memory_order_relaxed)) {
    rnd = rnd * 1103515245u + 12345u;
    bool blocks = (rnd >> 8) % 8 == 0;
    pthread_t t;
    switch ((rnd >> 16) % 3) {
      case 0: {  // joined
        Child c;
        sem_init(&c.go, 0, 0);
        c.blocks = blocks;
        if (pthread_create(&t, nullptr, ChildBody, &c) != 0) continue;
        if (blocks) sem_post(&c.go);
        pthread_join(t, nullptr);
        if (c.id < kMaxIds) joined_at[c.id] = seq.fetch_add(1) + 1;
        sem_destroy(&c.go);
        break;
      }
      case 1:  // detached at creation
        if (pthread_create(&t, &detached, DetachedBody,
                           blocks ? &go : nullptr) != 0)
          continue;
        if (blocks) sem_post(&go);
        break;
      default:  // detached afterwards
        if (pthread_create(&t, nullptr, DetachedBody, blocks ? &go : nullptr))
          continue;
        pthread_detach(t);
        if (blocks) sem_post(&go);
        break;
    }
    created.fetch_add(1, std::memory_order_relaxed);
  }
  pthread_attr_destroy(&detached);
  return nullptr;
}

uint32_t check_start;
uint64_t ignore[kChurners + 1];  // the churners' ids, then the checker's
// Per check: each churner's leaked children that are neither detached nor
// joined. A churner joins or detaches a child before it creates the next,
// so one check can see at most one (more: a torn snapshot).
int joinable[kChurners];

void OnLeak(const __tlsan_leak *l, void *) {
  int state = strcmp(l->state, "blocked") == 0   ? 0
              : strcmp(l->state, "running") == 0 ? 1
              : strcmp(l->state, "finished") == 0
                  ? 2
                  : -1;
  EXPECT(state >= 0, l);
  if (state >= 0) seen[state]++;
  EXPECT(!(l->detached && state == 2), l);
  EXPECT(l->id >= kMaxIds || joined_at[l->id] == 0 ||
             joined_at[l->id] > check_start,
         l);
  EXPECT(l->created_by_id < kMaxIds && kind[l->created_by_id] == kChurner, l);
  EXPECT(l->tid >= 0 && l->creation_stack_size <= 64 && l->stack_size <= 64,
         l);
  EXPECT(state != 2 || l->stack_size == 0, l);
  for (int i = 0; i < kChurners && !l->detached; i++)
    if (ignore[i] == l->created_by_id)
      EXPECT(++joinable[i] <= 1, l);
}

void *Checker(void *) {
  ignore[kChurners] = __tlsan_current_thread_id();
  __tlsan_check_options o = {};
  o.size = sizeof(o);
  o.max_retries = 0;
  o.max_sleep_ms = -1;
  o.symbolize = 0;
  o.ignore_ids = ignore;
  o.ignore_ids_size = kChurners + 1;
  while (!stop.load(std::memory_order_relaxed)) {
    check_start = seq.load();
    memset(joinable, 0, sizeof(joinable));
    __tlsan_check(&o, OnLeak, nullptr, nullptr);
    checks.fetch_add(1, std::memory_order_relaxed);
  }
  return nullptr;
}

long ResidentKiB() {
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  long kib = -1;
  while (f && fgets(line, sizeof(line), f))
    if (strncmp(line, "VmRSS:", 6) == 0) kib = atol(line + 6);
  if (f) fclose(f);
  return kib;
}

void PrintLeak(const __tlsan_leak *l, void *) {
  static int printed;
  if (printed++ < 5)
    fprintf(stderr, "churn: still leaked after joins: T%llu %s%s\n",
            (unsigned long long)l->id, l->state,
            l->detached ? ", detached" : "");
}

}  // namespace

int main() {
  double seconds = 2;
  if (const char *s = getenv("TLSAN_STRESS_SECONDS")) seconds = atof(s);
  if (const char *s = getenv("TLSAN_STRESS_ONE_CPU"); s && atoi(s)) {
    cpu_set_t mask;
    if (sched_getaffinity(0, sizeof(mask), &mask) != 0) return 2;
    int cpu = 0;
    while (cpu < CPU_SETSIZE && !CPU_ISSET(cpu, &mask)) cpu++;
    CPU_ZERO(&mask);
    CPU_SET(cpu, &mask);
    if (sched_setaffinity(0, sizeof(mask), &mask) != 0) return 2;
    fprintf(stderr, "churn: pinned to CPU %d\n", cpu);
  }
  auto start = std::chrono::steady_clock::now();
  pthread_t churners[kChurners], checker;
  for (int i = 0; i < kChurners; i++) {
    sem_init(&detached_go[i], 0, 0);
    pthread_create(&churners[i], nullptr, Churner, (void *)(intptr_t)i);
  }
  while (started.load() < kChurners) sched_yield();
  // The churners' ids, so the checker ignores them.
  for (uint64_t id = 0, n = 0; id < kMaxIds && n < kChurners; id++)
    if (kind[id] == kChurner) ignore[n++] = id;
  pthread_create(&checker, nullptr, Checker, nullptr);

  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                         start)
        .count();
  };
  long rss_early = -1;
  struct timespec tick = {0, 10 * 1000 * 1000};
  while (elapsed() < seconds) {
    if (rss_early < 0 && elapsed() >= seconds / 4) rss_early = ResidentKiB();
    nanosleep(&tick, nullptr);  // the clock, not an ordering: see above
  }
  long rss_late = ResidentKiB();
  stop = true;
  for (pthread_t t : churners) pthread_join(t, nullptr);
  pthread_join(checker, nullptr);

  // Everything is joined (detached children may be leaving: the default
  // retries wait for them).
  __tlsan_check_options o = {};
  o.size = sizeof(o);
  o.max_retries = -1;
  o.max_sleep_ms = -1;
  o.symbolize = 0;
  int final_leaks = __tlsan_check(&o, PrintLeak, nullptr, nullptr);

  PrintFailCounts();
  long growth = rss_early >= 0 ? rss_late - rss_early : 0;
  fprintf(stderr,
          "churn: %.1f s, %d churners, %llu threads created, %llu checks, "
          "leaks seen: %llu blocked, %llu running, %llu finished; final "
          "check: %d; RSS %ld KiB -> %ld KiB; %llu failure(s)\n",
          elapsed(), kChurners, (unsigned long long)created.load(),
          (unsigned long long)checks.load(), (unsigned long long)seen[0].load(),
          (unsigned long long)seen[1].load(), (unsigned long long)seen[2].load(),
          final_leaks, rss_early, rss_late, (unsigned long long)failures.load());
  bool ok = failures == 0 && final_leaks == 0 && checks > 0 &&
            created > 1000 && growth < 32 * 1024;
  if (!ok) fprintf(stderr, "churn: FAILED\n");
  return ok ? 0 : 1;
}

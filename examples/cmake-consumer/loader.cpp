// loader.cpp: dlopen()s the shared library argv[1] and prints its answer,
// or dlerror() and exit status 1 when it does not load. Built twice, with
// and without tlsan::runtime (consumer_loader, consumer_loader_plain).
#include <dlfcn.h>

#include <cstdio>

int main(int argc, char **argv) {
  if (argc != 2) return 2;
  void *lib = dlopen(argv[1], RTLD_NOW);
  if (lib == nullptr) {
    std::printf("loader: %s\n", dlerror());
    return 1;
  }
  auto *answer =
      reinterpret_cast<int (*)()>(dlsym(lib, "consumer_plugin_answer"));
  std::printf("loader: answer %d\n", answer());
  return 0;
}

// plugin.cpp: a shared library built with tlsan::runtime. It gets the
// compile options and, at the link, tlsan_link_check.o: a reference to
// __tlsan_version_mismatch_check_v1, which only the runtime defines. So it
// loads into a program with tlsan (consumer_loader) or under
// LD_PRELOAD=libtlsan.so, and a program without tlsan
// (consumer_loader_plain) cannot load it: it would run unchecked.
extern "C" int consumer_plugin_answer() { return 42; }

// A set-group-ID program (AT_SECURE) ignores the options that name files or
// programs (its environment belongs to a less privileged user), says so in
// one line, and still reports on stderr; run normally, the same options
// apply (here: the missing suppressions file is an error, status 1).
// The symbolizer is never looked up in PATH under secure execution (a
// fake llvm-symbolizer put first in PATH leaves a mark when it runs; run
// normally, it does run).
// The binary is made set-group-ID to a group its user is not in: as root,
// nogroup; otherwise a supplementary group (else the chgrp fails).
// RUN: %clangxx_tlsan %S/Inputs/one_leaked_thread.cpp -o %t
// RUN: rm -rf %t.dir %t.sgid && mkdir %t.dir && cp %t %t.sgid
// RUN: sh -c 'chgrp nogroup %t.sgid 2>/dev/null || chgrp $(id -G | tr " " "\n" | grep -vx $(id -g) | head -n1) %t.sgid'
// RUN: chmod g+s %t.sgid
// RUN: env TLSAN_OPTIONS=log_path=%t.dir/r:suppressions=/nonexistent:include=/nonexistent:wait_graph=%t.dir/g %expect_exit 23 %t.sgid 2>&1 | %FileCheck %s --check-prefix=SECURE
// RUN: test ! -e %t.dir/g && not ls %t.dir/r.*
// RUN: env TLSAN_OPTIONS=suppressions=/nonexistent %expect_exit 1 %t 2>&1 | %FileCheck %s --check-prefix=NORMAL
// RUN: mkdir %t.dir/bin && printf '#!/bin/sh\n: > %t.dir/ran\nexit 1\n' > %t.dir/bin/llvm-symbolizer && chmod +x %t.dir/bin/llvm-symbolizer
// RUN: %expect_exit 23 sh -c 'PATH=%t.dir/bin:$PATH exec %t.sgid' 2>&1 | %FileCheck %s --check-prefix=SECURE-PATH
// RUN: test ! -e %t.dir/ran
// RUN: %expect_exit 23 sh -c 'PATH=%t.dir/bin:$PATH exec %t' 2>&1 | %FileCheck %s --check-prefix=NORMAL-PATH
// RUN: test -e %t.dir/ran
// SECURE: WARNING: ThreadLeakSanitizer: secure execution (setuid, setgid or capabilities): ignoring flags that name files or programs: log_path, suppressions, wait_graph, include
// SECURE: ERROR: ThreadLeakSanitizer: 1 thread(s) leaked at exit
// SECURE: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s)
// NORMAL: ERROR: ThreadLeakSanitizer: cannot open suppressions file '/nonexistent'
// SECURE-PATH-NOT: symbolizer '{{.*}}' exited
// SECURE-PATH: SUMMARY: ThreadLeakSanitizer: 1 leaked thread(s)
// NORMAL-PATH: symbolizer '{{.*}}/bin/llvm-symbolizer' exited or gave an unreadable answer

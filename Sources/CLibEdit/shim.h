#ifndef NNBOOK_CLIBEDIT_SHIM_H
#define NNBOOK_CLIBEDIT_SHIM_H
#include <stdio.h>
/* Always libedit's header: GNU readline's dev headers may be installed too. */
#include <editline/readline.h>

/* Setters for libedit's C globals, so Swift never touches them directly. */
static inline void nnbook_set_completion(rl_completion_func_t *fn) {
    rl_attempted_completion_function = fn;
}
static inline void nnbook_completion_over(void) {
    rl_attempted_completion_over = 1;
    /* No space after a completed name: it is usually followed by '(' or '.'. */
    rl_completion_append_character = '\0';
}
static inline void nnbook_set_word_breaks(const char *chars) {
    rl_basic_word_break_characters = (char *)chars;
}
static inline void nnbook_no_signal_catching(void) { rl_catch_signals = 0; }
static inline void nnbook_set_getc(int (*fn)(FILE *)) { rl_getc_function = fn; }
#endif

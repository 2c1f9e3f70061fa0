#ifndef NNBOOK_CTERMINAL_H
#define NNBOOK_CTERMINAL_H

/// Installs a SIGINT handler with sigaction and *without* SA_RESTART, so a
/// blocked read() (libedit's readline) returns when Ctrl-C is pressed. The
/// handler only increments a counter.
void nnbook_install_sigint(void);
/// How many Ctrl-C presses arrived since the last reset.
int nnbook_interrupt_count(void);
/// Forgets the pending Ctrl-C presses.
void nnbook_reset_interrupts(void);
/// Terminal columns and rows of standard output, or 0 when unknown.
int nnbook_terminal_columns(void);
int nnbook_terminal_rows(void);
#endif

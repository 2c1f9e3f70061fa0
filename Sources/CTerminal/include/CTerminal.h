#ifndef NNBOOK_CTERMINAL_H
#define NNBOOK_CTERMINAL_H

/// Installs a SIGINT handler with sigaction and *without* SA_RESTART, so a
/// blocked read() (libedit's readline) returns when Ctrl-C is pressed. The
/// handler only increments a counter. The calling thread becomes the one
/// Ctrl-C is meant for: the kernel may deliver SIGINT to any thread of the
/// process (runtime helper threads included), so the handler passes it on to
/// this thread, whose read() must be interrupted. On a terminal, the first
/// call also turns VEOF off until exit, so a Ctrl-D typed while a cell runs
/// reaches the next prompt as the Ctrl-D it is (and a NUL means Ctrl-Space).
void nnbook_install_sigint(void);
/// How many Ctrl-C presses arrived since the last reset.
int nnbook_interrupt_count(void);
/// Forgets the pending Ctrl-C presses.
void nnbook_reset_interrupts(void);
/// Installs a SIGWINCH handler (without SA_RESTART, passed on to the thread
/// that called nnbook_install_sigint) so a read waiting for a key returns
/// when the terminal is resized; nnbook_take_resize then returns 1, once.
void nnbook_install_sigwinch(void);
int nnbook_take_resize(void);
/// Terminal columns and rows of standard output, or 0 when unknown.
int nnbook_terminal_columns(void);
int nnbook_terminal_rows(void);
#include <stdio.h>
/// Reads one character for libedit (rl_getc_function): UTF-8 is decoded
/// here into a code point. A Ctrl-C while waiting ends the read at once
/// (libedit alone retries an interrupted read and so would ignore the first
/// Ctrl-C until the next key).
int nnbook_getc(FILE *stream);
/// The text of the last bracketed paste (terminals wrap a paste in
/// ESC [ 200 ~ … ESC [ 201 ~ once `nnbook_bracketed_paste(1)` asked them to),
/// with CR turned into LF; NULL when there was none. The caller frees it.
/// A paste ends the line being read, so a pasted block arrives whole,
/// blank lines and all, as one cell.
char *nnbook_take_paste(void);
/// Between prompts Ctrl-C stays a key (read as a byte, so presses in a burst
/// never merge); while a cell runs (1) it must be a signal again, the only
/// way to stop a computation. Call with 1 before running a cell, 0 after.
/// The terminal's own settings come back when the process exits.
void nnbook_cell_running(int running);
/// Asks the terminal to mark pastes (1) or to stop (0); once on, it is
/// turned off again when the process exits (or leaves on three Ctrl-C).
void nnbook_bracketed_paste(int on);
/// Makes the next characters nnbook_getc returns those of `text` (UTF-8), as
/// if typed: a line editor started right after shows them ready to edit.
/// libedit has no working way to pre-fill a line (its rl_insert_text and
/// rl_stuff_char are discarded when readline starts), so the demo's `e` uses this.
void nnbook_queue_input(const char *text);
/// Forgets whatever nnbook_queue_input left unread.
void nnbook_clear_queued_input(void);
/// Reads one line of standard input when it is not a terminal (a pipe or a
/// file), without its newline. Returns the line's length and points `line`
/// at it (valid until the next call; it may hold NUL bytes; a CR before
/// the newline is dropped too); -1 at the end
/// of input; -2 when Ctrl-C (SIGINT) interrupted the wait for input; -3 when
/// memory ran out. Unlike getline, an interrupted read is never retried
/// once Ctrl-C was pressed, so a SIGINT cannot leave it spinning.
long nnbook_read_line(const char *prompt, char **line);

/// Writes `text` to standard output (or standard error) and flushes it.
/// In C because Swift 6 will not read Glibc's `stdout` and `stderr`, which
/// it imports as mutable globals.
void nnbook_write_out(const char *text);
void nnbook_write_error(const char *text);
#endif

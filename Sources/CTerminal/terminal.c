#include "CTerminal.h"
#include <signal.h>
#include <pthread.h>
#include <time.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <poll.h>
#include <termios.h>

static volatile sig_atomic_t interrupts = 0;
static void paste_mode_off(void);
static void restore_terminal(void);

static pthread_t reader;
static double recent[3] = {0, 0, 0};
static volatile sig_atomic_t has_reader = 0;

/* Wakes the reading thread from read() (EINTR); does nothing else. */
static void on_wake(int sig) { (void)sig; }

/* The terminal's settings when nnbook started, restored when it leaves on three Ctrl-C. */
static struct termios original;
static volatile sig_atomic_t have_original = 0;

/* One Ctrl-C, from a signal or read as a byte at the prompt. */
static void count_interrupt(void) {
    interrupts = interrupts + 1;
    /* Three Ctrl-C within 1.5 s: the learner wants out, even from a computation
       that never checks the flag. History and journal are already on disk
       (each entry is appended when it is made), so leaving loses nothing. */
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    double t = (double)now.tv_sec + (double)now.tv_nsec / 1e9;
    recent[0] = recent[1];
    recent[1] = recent[2];
    recent[2] = t;
    if (recent[0] > 0 && t - recent[0] < 1.5) {
        paste_mode_off();
        if (have_original) tcsetattr(STDIN_FILENO, TCSANOW, &original);
        static const char bye[] = "\n(three Ctrl-C: leaving nnbook; your history is saved)\n";
        ssize_t ignored = write(2, bye, sizeof bye - 1);
        (void)ignored;
        _exit(130);
    }
}

static void on_sigint(int sig) {
    (void)sig;
    /* Counted here, on whichever thread the kernel chose; the reader is only
       woken, with a signal of its own. (Forwarding SIGINT itself lost presses:
       a second SIGINT pending for the reader merges with the first.)
       Counted first: the woken reader must find the count already raised. */
    count_interrupt();
    if (has_reader && !pthread_equal(pthread_self(), reader)) pthread_kill(reader, SIGUSR2);
}

/* Outside libedit (a cell running, output being written) the terminal is in
   canonical mode, where a typed Ctrl-D would be kept as an end-of-file mark
   that reads as a NUL once libedit turns canonical mode off — the byte
   Ctrl-Space sends. With VEOF off, Ctrl-D stays the byte it is: the next
   prompt reads it as Ctrl-D, and a NUL can be ignored. libedit keeps these
   settings between lines; the terminal's own come back at exit. */
static void ctrl_d_as_a_byte(void) {
    struct termios t;
    if (tcgetattr(STDIN_FILENO, &t) != 0 || t.c_cc[VEOF] == _POSIX_VDISABLE) return;
    t.c_cc[VEOF] = _POSIX_VDISABLE;
    tcsetattr(STDIN_FILENO, TCSANOW, &t);
}

void nnbook_install_sigint(void) {
    reader = pthread_self();
    has_reader = 1;
    if (!have_original && isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &original) == 0) {
        have_original = 1;
        atexit(restore_terminal);
        ctrl_d_as_a_byte();
    }
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_sigint;
    sigemptyset(&action.sa_mask);
    /* No SA_RESTART: readline must return on Ctrl-C. SA_NODEFER: a press that
       arrives while the handler runs is delivered too, not merged into one. */
    action.sa_flags = SA_NODEFER;
    sigaction(SIGINT, &action, NULL);
    struct sigaction wake;
    memset(&wake, 0, sizeof wake);
    wake.sa_handler = on_wake;
    sigemptyset(&wake.sa_mask);
    wake.sa_flags = 0;
    sigaction(SIGUSR2, &wake, NULL);
}

static volatile sig_atomic_t resized = 0;

static void on_sigwinch(int sig) {
    if (has_reader && !pthread_equal(pthread_self(), reader)) {
        pthread_kill(reader, sig); /* the reader's poll() must return to notice */
        return;
    }
    resized = 1;
}

void nnbook_install_sigwinch(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_sigwinch;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0; /* no SA_RESTART: a waiting poll() returns EINTR */
    sigaction(SIGWINCH, &action, NULL);
}

int nnbook_take_resize(void) {
    int was = (int)resized;
    resized = 0;
    return was;
}

int nnbook_interrupt_count(void) { return (int)interrupts; }

void nnbook_reset_interrupts(void) { interrupts = 0; }

int nnbook_terminal_columns(void) {
    struct winsize size;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0) return size.ws_col;
    return 0;
}

int nnbook_terminal_rows(void) {
    struct winsize size;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0) return size.ws_row;
    return 0;
}

/* Bytes to hand to libedit before anything typed (see nnbook_queue_input). */
static unsigned char *queued = NULL;
static size_t queued_length = 0, queued_next = 0;

void nnbook_queue_input(const char *text) {
    nnbook_clear_queued_input();
    size_t n = strlen(text);
    if (n == 0) return;
    queued = malloc(n);
    if (queued == NULL) return;
    memcpy(queued, text, n);
    queued_length = n;
}

void nnbook_clear_queued_input(void) {
    free(queued);
    queued = NULL;
    queued_length = queued_next = 0;
}

static int read_byte(int fd) {
    if (queued_next < queued_length) return queued[queued_next++];
    unsigned char c;
    for (;;) {
        ssize_t n = read(fd, &c, 1);
        if (n == 1) return c;
        if (n == 0) return EOF;
        if (errno == EINTR) {
            if (interrupts > 0) return EOF;
            continue;
        }
        return EOF;
    }
}

/* Bytes read ahead while looking for a paste's start, handed out first. */
static unsigned char pushed[8];
static int pushed_count = 0, pushed_next = 0;

/* The last bracketed paste, until Swift takes it. */
static char *paste = NULL;
static size_t paste_length = 0;
static const size_t paste_limit = 4 << 20;

static int next_byte(int fd) {
    if (pushed_next < pushed_count) return pushed[pushed_next++];
    pushed_count = pushed_next = 0;
    return read_byte(fd);
}

/* True when a byte arrives within `ms` milliseconds: the rest of an escape
   sequence comes at once, a lone Esc key does not. */
static int byte_ready(int fd, int ms) {
    if (pushed_next < pushed_count) return 1;
    struct pollfd p = {fd, POLLIN, 0};
    return poll(&p, 1, ms) > 0;
}

static void paste_append(unsigned char c) {
    if (paste_length + 2 > paste_limit) return;
    char *grown = realloc(paste, paste_length + 2);
    if (grown == NULL) return;
    paste = grown;
    paste[paste_length++] = (char)c;
    paste[paste_length] = 0;
}

/* Hands out `count` bytes of `bytes` before anything else is read. */
static void push_back(const char *bytes, int count) {
    pushed_count = 0;
    pushed_next = 0;
    for (int i = 0; i < count && i < (int)sizeof pushed; i++) pushed[pushed_count++] = (unsigned char)bytes[i];
}

/* Gives back the byte `next_byte` just returned: it comes again next. */
static void unread_byte(int c) {
    if (pushed_next > 0 && pushed[pushed_next - 1] == (unsigned char)c) { pushed_next--; return; }
    char b = (char)c;
    push_back(&b, 1);
}

/* After ESC: "[200~" starts a bracketed paste. Reads the paste up to its end
   marker ESC [ 201 ~ and returns 1; otherwise pushes back what it read, for
   libedit to see the escape sequence (an arrow key, say) whole, and returns 0. */
static int read_paste(int fd) {
    static const char start[] = "[200~";
    char seen[6];
    int got = 0;
    while (got < 5) {
        if (!byte_ready(fd, 50)) break;
        int c = next_byte(fd);
        if (c == EOF) break;
        seen[got++] = (char)c;
        if (c != (unsigned char)start[got - 1]) break;
    }
    if (got < 5 || memcmp(seen, start, 5) != 0) {
        push_back(seen, got);
        return 0;
    }
    free(paste);
    paste = calloc(1, 1);
    paste_length = 0;
    static const char end[] = "\x1b[201~";
    int matched = 0, after_cr = 0;
    for (;;) {
        int c = next_byte(fd);
        if (c == EOF) break;
        if (c == (unsigned char)end[matched]) {
            if (++matched == 6) break;
            continue;
        }
        for (int i = 0; i < matched; i++) paste_append((unsigned char)end[i]);
        matched = (c == (unsigned char)end[0]) ? 1 : 0;
        if (matched != 0) continue;
        /* CR, LF and CR LF (text copied from Windows) are each one line break. */
        if (c == '\n' && after_cr) { after_cr = 0; continue; }
        after_cr = (c == '\r');
        paste_append(c == '\r' ? '\n' : (unsigned char)c);
    }
    return 1;
}

char *nnbook_take_paste(void) {
    char *taken = paste;
    paste = NULL;
    paste_length = 0;
    return taken;
}

static volatile sig_atomic_t paste_mode = 0;

static void paste_mode_off(void) {
    if (!paste_mode) return;
    static const char disable[] = "\x1b[?2004l";
    ssize_t ignored = write(STDOUT_FILENO, disable, sizeof disable - 1);
    (void)ignored;
    paste_mode = 0;
}

void nnbook_bracketed_paste(int on) {
    static int registered = 0;
    if (!on) { paste_mode_off(); return; }
    if (paste_mode) return;
    if (!registered) { atexit(paste_mode_off); registered = 1; }
    static const char enable[] = "\x1b[?2004h";
    ssize_t ignored = write(STDOUT_FILENO, enable, sizeof enable - 1);
    (void)ignored;
    paste_mode = 1;
}

/* At the prompt Ctrl-C is read as the byte it is, not turned into a signal:
   signals sent in a burst merge into one, bytes do not, so three quick
   Ctrl-C always count as three. And CR and LF are read as themselves (no
   ICRNL, no INLCR, which libedit sets), so a pasted CR LF is one line break. libedit restores the terminal's own
   settings (signals on) when readline returns, so a running cell still gets
   SIGINT. */
static void signals_off_while_reading(int fd) {
    struct termios t;
    if (tcgetattr(fd, &t) == 0 && ((t.c_lflag & ISIG) || (t.c_iflag & (ICRNL | INLCR)))) {
        t.c_lflag &= ~(tcflag_t)ISIG;
        t.c_iflag &= ~(tcflag_t)(ICRNL | INLCR);
        tcsetattr(fd, TCSANOW, &t);
    }
}

void nnbook_cell_running(int running) {
    if (!isatty(STDIN_FILENO)) return;
    struct termios t;
    if (tcgetattr(STDIN_FILENO, &t) != 0) return;
    tcflag_t lflag = running ? (t.c_lflag | ISIG) : (t.c_lflag & ~(tcflag_t)ISIG);
    if (lflag == t.c_lflag) return;
    t.c_lflag = lflag;
    tcsetattr(STDIN_FILENO, TCSANOW, &t);
}

static void restore_terminal(void) {
    if (have_original) tcsetattr(STDIN_FILENO, TCSANOW, &original);
}

int nnbook_getc(FILE *stream) {
    int fd = fileno(stream);
    signals_off_while_reading(fd);
    int c = next_byte(fd);
    /* NUL (Ctrl-Space, Ctrl-@) is no key of ours: ignored, never the end of
       input. (A Ctrl-D typed while a cell ran arrives as itself: see
       nnbook_install_sigint.) */
    while (c == 0) c = next_byte(fd);
    if (c == 3) {
        count_interrupt();
        /* Ctrl-C again at once (hammered): counted here, as the keys they are. Left
           in the queue, they met libedit putting the terminal's own settings back
           as readline returned (signals on, measured with strace: the queued bytes
           became one SIGINT, which flushed the rest), so three counted as two. */
        while (byte_ready(fd, 20)) {
            int again = next_byte(fd);
            if (again == 3) { count_interrupt(); continue; }
            if (again != EOF) unread_byte(again);
            break;
        }
        return EOF;
    }
    if (c == 0x1A) { /* Ctrl-Z: suspend as the terminal would have */
        if (have_original) tcsetattr(fd, TCSANOW, &original);
        raise(SIGTSTP);
        ctrl_d_as_a_byte();
        signals_off_while_reading(fd);
        return nnbook_getc(stream);
    }
    /* A bracketed paste ends the line being edited: what was typed before it
       comes back from readline, the paste from nnbook_take_paste. */
    if (c == 0x1B && read_paste(fd)) return '\n';
    if (c == EOF || c < 0x80) return c;
    int extra = (c >= 0xF0) ? 3 : (c >= 0xE0) ? 2 : (c >= 0xC0) ? 1 : 0;
    int code = (extra == 3) ? (c & 0x07) : (extra == 2) ? (c & 0x0F) : (c & 0x1F);
    if (extra == 0) return 0xFFFD; /* a stray continuation byte */
    for (int i = 0; i < extra; i++) {
        int next = next_byte(fd);
        if (next == EOF) return EOF;
        if ((next & 0xC0) != 0x80) return 0xFFFD;
        code = (code << 6) | (next & 0x3F);
    }
    return code;
}

/* Standard input when it is not a terminal, read a block at a time. */
static char input_block[1 << 16];
static size_t input_next = 0, input_filled = 0;

static long read_line(char **line) {
    static char *buffer = NULL;
    static size_t capacity = 0;
    size_t length = 0;
    *line = NULL;
    for (;;) {
        if (input_next == input_filled) {
            ssize_t n = read(STDIN_FILENO, input_block, sizeof input_block);
            if (n < 0 && errno == EINTR) {
                if (interrupts > 0) return -2;
                continue;
            }
            if (n <= 0) {
                if (length == 0) return -1;
                break;
            }
            input_next = 0;
            input_filled = (size_t)n;
        }
        char *start = input_block + input_next;
        size_t available = input_filled - input_next;
        char *newline = memchr(start, '\n', available);
        size_t take = newline ? (size_t)(newline - start) : available;
        if (length + take + 1 > capacity) {
            size_t grown = capacity ? capacity : 4096;
            while (grown < length + take + 1) grown *= 2;
            char *bigger = realloc(buffer, grown);
            if (bigger == NULL) return -3;
            buffer = bigger;
            capacity = grown;
        }
        memcpy(buffer + length, start, take);
        length += take;
        input_next += take + (newline ? 1 : 0);
        if (newline) {
            if (length > 0 && buffer[length - 1] == '\r') length--;  /* CR LF, as readLine strips it */
            break;
        }
    }
    buffer[length] = 0;
    *line = buffer;
    return (long)length;
}

/* A question at a terminal outside libedit ("[Y/n]"): Ctrl-D there means
   the end of input, as in any program, so VEOF is on while it waits (it is
   off the rest of the time, see ctrl_d_as_a_byte). The prompt is written
   only once VEOF is on: a Ctrl-D typed the instant the question shows must
   not reach the terminal while it is still an ordinary byte. */
long nnbook_read_line(const char *prompt, char **line) {
    struct termios during, saved;
    int restore = have_original && isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved) == 0
        && saved.c_cc[VEOF] == _POSIX_VDISABLE;
    if (restore) {
        during = saved;
        during.c_cc[VEOF] = original.c_cc[VEOF];
        tcsetattr(STDIN_FILENO, TCSANOW, &during);
    }
    if (prompt && *prompt) nnbook_write_out(prompt);
    long length = read_line(line);
    if (restore) tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    return length;
}

void nnbook_write_out(const char *text) {
    fputs(text, stdout);
    fflush(stdout);
}

void nnbook_write_error(const char *text) {
    fflush(stdout);
    fputs(text, stderr);
    fflush(stderr);
}

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

static volatile sig_atomic_t interrupts = 0;

static pthread_t reader;
static double recent[3] = {0, 0, 0};
static volatile sig_atomic_t has_reader = 0;

static void on_sigint(int sig) {
    if (has_reader && !pthread_equal(pthread_self(), reader)) {
        pthread_kill(reader, sig); /* async-signal-safe; the reader's handler counts it */
        return;
    }
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
        static const char bye[] = "\n(three Ctrl-C: leaving nnbook; your history is saved)\n";
        ssize_t ignored = write(2, bye, sizeof bye - 1);
        (void)ignored;
        _exit(130);
    }
}

void nnbook_install_sigint(void) {
    reader = pthread_self();
    has_reader = 1;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_sigint;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0; /* no SA_RESTART: readline must return on Ctrl-C */
    sigaction(SIGINT, &action, NULL);
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

int nnbook_getc(FILE *stream) {
    int fd = fileno(stream);
    int c = read_byte(fd);
    /* A Ctrl-D typed while a cell was running reaches us, after libedit turns
       canonical mode off, as the NUL byte the kernel stored for it: read it
       as the Ctrl-D it was. */
    if (c == 0) return 4;
    if (c == EOF || c < 0x80) return c;
    int extra = (c >= 0xF0) ? 3 : (c >= 0xE0) ? 2 : (c >= 0xC0) ? 1 : 0;
    int code = (extra == 3) ? (c & 0x07) : (extra == 2) ? (c & 0x0F) : (c & 0x1F);
    if (extra == 0) return 0xFFFD; /* a stray continuation byte */
    for (int i = 0; i < extra; i++) {
        int next = read_byte(fd);
        if (next == EOF) return EOF;
        if ((next & 0xC0) != 0x80) return 0xFFFD;
        code = (code << 6) | (next & 0x3F);
    }
    return code;
}

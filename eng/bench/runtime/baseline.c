/*
 * The physical-limit baseline for the runtime client benchmarks: a Lambda runtime loop in plain C over raw
 * sockets, doing only what every runtime client must do per invoke and nothing else:
 *   GET /2018-06-01/runtime/invocation/next  ->  read Lambda-Runtime-Aws-Request-Id and Content-Length
 *   POST /2018-06-01/runtime/invocation/{id}/response with the event body echoed back
 * on one keep-alive connection to $AWS_LAMBDA_RUNTIME_API (host:port, IPv4). It loops until the server closes
 * the connection or answers something unexpected, then exits (0 on a clean close, 1 otherwise).
 *
 * Deliberately minimal (not a client to ship): no chunked bodies, no error reporting, no retries. It exists so
 * the benchmark can say how far the .NET client is from the cost of the syscalls themselves.
 * Build: clang -O2 -o baseline baseline.c
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#define HEAD_MAX 16384

/* Bytes received after the end of one response head; the body and, in principle, the next response start here. */
static char buffer[HEAD_MAX + 1];
static size_t buffered;

static int write_all(int fd, const char *data, size_t length) {
    while (length > 0) {
        ssize_t n = write(fd, data, length);
        if (n <= 0) return -1;
        data += n;
        length -= (size_t)n;
    }
    return 0;
}

/* Reads until the blank line ending a response head; returns the head length (including CRLFCRLF) or -1. */
static long read_head(int fd) {
    for (;;) {
        buffer[buffered] = '\0';
        char *end = strstr(buffer, "\r\n\r\n");
        if (end != NULL) return (long)(end - buffer) + 4;
        if (buffered == HEAD_MAX) return -1;
        ssize_t n = read(fd, buffer + buffered, HEAD_MAX - buffered);
        if (n <= 0) return -1;
        buffered += (size_t)n;
    }
}

/* The value of header NAME in the head (case-insensitive name), copied into VALUE; 0 when found. */
static int header(const char *head, long head_length, const char *name, char *value, size_t value_size) {
    size_t name_length = strlen(name);
    const char *line = strstr(head, "\r\n");
    while (line != NULL && line + 2 < head + head_length) {
        line += 2;
        if (strncasecmp(line, name, name_length) == 0 && line[name_length] == ':') {
            const char *start = line + name_length + 1;
            while (*start == ' ' || *start == '\t') start++;
            const char *stop = strstr(start, "\r\n");
            size_t length = (size_t)(stop - start);
            if (length >= value_size) return -1;
            memcpy(value, start, length);
            value[length] = '\0';
            return 0;
        }
        line = strstr(line, "\r\n");
    }
    return -1;
}

/* Drops the first COUNT buffered bytes, keeping what follows. */
static void consume(size_t count) {
    memmove(buffer, buffer + count, buffered - count);
    buffered -= count;
}

/* Reads LENGTH body bytes into a fresh allocation (NULL on failure). */
static char *read_body(int fd, size_t length) {
    char *body = malloc(length + 1);
    if (body == NULL) return NULL;
    size_t have = buffered < length ? buffered : length;
    memcpy(body, buffer, have);
    consume(have);
    while (have < length) {
        ssize_t n = read(fd, body + have, length - have);
        if (n <= 0) {
            free(body);
            return NULL;
        }
        have += (size_t)n;
    }
    return body;
}

/* Reads one response; returns its body (caller frees) and fills the request id when asked. */
static char *read_response(int fd, int expected_status, char *request_id, size_t id_size, size_t *body_length) {
    long head_length = read_head(fd);
    if (head_length < 0) return NULL;
    int status = 0;
    if (sscanf(buffer, "HTTP/1.1 %d", &status) != 1 || status != expected_status) return NULL;
    char length_text[32];
    if (header(buffer, head_length, "Content-Length", length_text, sizeof length_text) != 0) return NULL;
    *body_length = strtoul(length_text, NULL, 10);
    if (request_id != NULL &&
        header(buffer, head_length, "Lambda-Runtime-Aws-Request-Id", request_id, id_size) != 0) return NULL;
    consume((size_t)head_length);
    return read_body(fd, *body_length);
}

int main(void) {
    const char *api = getenv("AWS_LAMBDA_RUNTIME_API");
    if (api == NULL) {
        fprintf(stderr, "AWS_LAMBDA_RUNTIME_API is not set\n");
        return 1;
    }
    char host[256];
    const char *colon = strrchr(api, ':');
    if (colon == NULL || (size_t)(colon - api) >= sizeof host) {
        fprintf(stderr, "AWS_LAMBDA_RUNTIME_API must be host:port\n");
        return 1;
    }
    memcpy(host, api, (size_t)(colon - api));
    host[colon - api] = '\0';

    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((unsigned short)atoi(colon + 1))};
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0 || inet_pton(AF_INET, host, &address.sin_addr) != 1 ||
        connect(fd, (struct sockaddr *)&address, sizeof address) != 0) {
        perror("connect");
        return 1;
    }
    /* Same as any sensible client: a request is one write, never held back by Nagle's algorithm. */
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

    char next[512];
    int next_length = snprintf(next, sizeof next,
        "GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: %s\r\n\r\n", api);
    for (;;) {
        if (write_all(fd, next, (size_t)next_length) != 0) return 0; /* the server went away: done */
        char request_id[256];
        size_t event_length;
        char *event = read_response(fd, 200, request_id, sizeof request_id, &event_length);
        if (event == NULL) return buffered == 0 ? 0 : 1;

        char head[1024];
        int head_length = snprintf(head, sizeof head,
            "POST /2018-06-01/runtime/invocation/%s/response HTTP/1.1\r\nHost: %s\r\n"
            "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n", request_id, api, event_length);
        /* Head and body in one buffer: one write per request, the fewest syscalls a client can make. */
        char *request = malloc((size_t)head_length + event_length);
        if (request == NULL) return 1;
        memcpy(request, head, (size_t)head_length);
        memcpy(request + head_length, event, event_length);
        free(event);
        int failed = write_all(fd, request, (size_t)head_length + event_length);
        free(request);
        if (failed) return 1;

        size_t accepted_length;
        char *accepted = read_response(fd, 202, NULL, 0, &accepted_length);
        if (accepted == NULL) return 1;
        free(accepted);
    }
}

"""The solver: a Celery application with one task, `solve`, which the reference service (the ledger) enqueues.

The service puts each job on the Redis list `celery` as a Celery message (task protocol 2), the job's id being the
task's id, after recording the job in its table `jobs`. This worker runs it: a CPU-bound computation of `size` rounds
of SHA-256, then one row in `job_executions` per execution. Nothing prevents a second row for the same job: a job that
ran twice shows as two executions, which is what a drill checks (docs/reference-service.md, "Jobs").

Late acknowledgement: a message is acknowledged (removed from Redis' `unacked` hash) only once the task returned, so a
worker killed mid-task leaves it there to be delivered again after the visibility timeout, never silently dropped.

Environment: WORKER_BROKER_URL (redis://redis:6379/0), WORKER_DATABASE_URL (a libpq URL of the service's database),
WORKER_PREFETCH_MULTIPLIER (4), WORKER_VISIBILITY_TIMEOUT_S (3600: how long a taken, unacknowledged message waits before
it is delivered again).
"""
import hashlib
import os
import socket
import time

import psycopg2
from celery import Celery, signals

READY_FILE = "/tmp/worker-ready"

app = Celery("solver", broker=os.environ.get("WORKER_BROKER_URL", "redis://redis:6379/0"))
app.conf.update(
    task_acks_late=True,
    # Four messages per process: with one, kombu's Redis transport in this Celery (5.2) leaves about a second between
    # tasks (measured: 30 jobs of 50 ms drained in 39 s with 1, 2.4 s with 8). Prefetched messages stay in `unacked`.
    worker_prefetch_multiplier=int(os.environ.get("WORKER_PREFETCH_MULTIPLIER", "4")),
    task_serializer="json",
    accept_content=["json"],
    task_ignore_result=True,
    broker_transport_options={"visibility_timeout": int(os.environ.get("WORKER_VISIBILITY_TIMEOUT_S", "3600"))},
)

EXECUTIONS = """CREATE TABLE IF NOT EXISTS job_executions (
    seq bigserial PRIMARY KEY,
    job_id text NOT NULL,
    worker text NOT NULL,
    started_at timestamptz NOT NULL,
    finished_at timestamptz NOT NULL,
    result text NOT NULL)"""

_connection = None


def _database():
    """This process's connection, opened on first use and again after a failure."""
    global _connection
    if _connection is None or _connection.closed:
        _connection = psycopg2.connect(os.environ["WORKER_DATABASE_URL"], connect_timeout=5,
                                       application_name="solver-worker")
        _connection.autocommit = True
        with _connection.cursor() as cursor:
            try:
                cursor.execute(EXECUTIONS)
            except (psycopg2.errors.UniqueViolation, psycopg2.errors.DuplicateTable):
                pass  # another worker created it at the same moment
    return _connection


def work(size):
    """size rounds of SHA-256, each over the previous digest: CPU-bound, so a busy CPU slows it."""
    digest = b"solve"
    for _ in range(size):
        digest = hashlib.sha256(digest).digest()
    return digest.hex()


@app.task(name="solve", bind=True, autoretry_for=(psycopg2.OperationalError,), retry_backoff=True, max_retries=10)
def solve(self, size):
    started = time.time()
    result = work(int(size))
    finished = time.time()
    global _connection
    try:
        with _database().cursor() as cursor:
            cursor.execute("INSERT INTO job_executions (job_id, worker, started_at, finished_at, result)"
                           " VALUES (%s, %s, to_timestamp(%s), to_timestamp(%s), %s)",
                           (self.request.id, "%s/%d" % (socket.gethostname(), os.getpid()), started, finished, result))
    except psycopg2.OperationalError:
        _connection = None
        raise
    return result


@signals.worker_init.connect
def _not_ready(**_):
    if os.path.exists(READY_FILE):
        os.remove(READY_FILE)


@signals.worker_ready.connect
def _ready(**_):
    """The container's healthcheck reads this file: the worker consumes from the queue."""
    open(READY_FILE, "w").close()

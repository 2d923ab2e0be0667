"""A landing step that outlives its run writes nothing.

A step of the multiprocess executor is a child process of the run worker, and the workers of
load_years children of the step: each dies with the process that started it
(:func:`die_with_parent`), and a step checks that its run worker is alive before each write
(:func:`require_run_alive`), so a killed run leaves nothing landing behind it.
"""

import multiprocessing
import os
import signal
import threading
from functools import cache

import dagster as dg


def _kill_self_when_gone(parent: multiprocessing.process.BaseProcess) -> None:
    parent.join()  # waits on the parent's sentinel: returns when the parent has died
    os.kill(os.getpid(), signal.SIGKILL)


@cache
def die_with_parent() -> None:
    """End this process when the process that started it dies, if multiprocessing started it
    (a multiprocess executor's step: the run worker; a load_years worker: the step). A
    process started otherwise (the in-process executor's run worker, a test) is left alone."""
    parent = multiprocessing.parent_process()
    if parent is not None:
        watch = threading.Thread(target=_kill_self_when_gone, args=(parent,), daemon=True)
        watch.start()


def require_run_alive(context: dg.AssetExecutionContext) -> None:
    """Refuse to write when this step's run worker has died (the run was killed)."""
    parent = multiprocessing.parent_process()
    if parent is not None and not parent.is_alive():
        raise dg.Failure(
            description=f"run {context.run_id}: its run worker (pid {parent.pid}) is gone (the "
            "run was killed); this step lands nothing more"
        )

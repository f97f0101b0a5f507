"""make load: what portal suppliers, portal customers, visitors and agents do at
once, against the demo served with --workers (see scripts/load.sh).

- suppliers (supplier.portal) browse their VMI pages: stock figures, proposals,
  scorecard, the proposal form, and submit replenishment proposals (the
  quantity the form recommends); a proposal the agreement's rules refuse (400
  with the form's message, e.g. over the line's maximum once others were
  submitted) is counted apart, not as an error;
- customers (customer.portal) open their ticket list and a ticket, open new
  tickets and reply; the hourly limits per user answer 429 (or the page with
  the limit's message) once reached, which is counted apart, not as an error;
- visitors fill in the public service form (a new address each time); the limit
  per client (all come from 127.0.0.1) answers 429 once reached;
- agents (admin) read the ticket list over JSON-RPC, as the list view does.

At the start the MRP of the first master schedule is run once, by an agent, in
the middle of the load. At the end every ticket, reply, public request and
proposal the run says it saved is counted in the database: none may be missing
or doubled (each carries a marker of its own, found once).
The figures are printed in the bench format (``<name>: <value> <unit>``); the
exit code is non-zero on any error or count that does not match.
"""

import os
import re
import threading
import uuid
from collections import Counter

import requests
from locust import HttpUser, between, events, task
from locust.exception import StopUser

DB = os.environ.get("SCRM_DB", "scrm_demo")
RUN = uuid.uuid4().hex[:8]
CSRF = re.compile(r'name="csrf_token"\s+value="([^"]+)"')
TICKET_URL = re.compile(r"/my/tickets/(\d+)\?saved=(\w+)")
PROPOSAL_URL = re.compile(r"/my/vmi/proposals/(\d+)\?saved=1")
LINE_URL = re.compile(r"/my/vmi/propose\?line_id=(\d+)")
FORM_VALUE = r'name="{}"[^>]*?value="([^"]*)"'

saved = Counter()
saved_lock = threading.Lock()
before = {}


def count(name, value=1):
    with saved_lock:
        saved[name] += value


class Admin:
    """JSON-RPC as admin, outside the measured requests."""

    def __init__(self, host):
        self.host = host
        self.session = requests.Session()
        self.call("/web/session/authenticate", db=DB, login="admin", password="admin")

    def call(self, path, **params):
        response = self.session.post(
            self.host + path,
            json={"jsonrpc": "2.0", "method": "call", "params": params},
            timeout=600,
        )
        response.raise_for_status()
        body = response.json()
        if "error" in body:
            raise RuntimeError(body["error"]["data"]["message"])
        return body["result"]

    def kw(self, model, method, *args, **kwargs):
        return self.call(
            f"/web/dataset/call_kw/{model}/{method}",
            model=model,
            method=method,
            args=list(args),
            kwargs=kwargs,
        )

    def counts(self):
        return {
            "tickets": self.kw(
                "scrm.ticket",
                "search_count",
                [("name", "=like", f"load {RUN} ticket %")],
                context={"active_test": False},
            ),
            "replies": self.kw(
                "mail.message",
                "search_count",
                [("model", "=", "scrm.ticket"), ("body", "ilike", f"reply {RUN} ")],
            ),
            "requests": self.kw(
                "scrm.web.request",
                "search_count",
                [("subject", "=like", f"load {RUN} request %")],
            ),
            "proposals": self.kw(
                "scrm.replenishment.proposal",
                "search_count",
                [("justification", "=like", f"load {RUN} proposal %")],
            ),
        }

    def doubled_proposals(self):
        """Proposals whose marker (one per submission) is found more than once."""
        rows = self.kw(
            "scrm.replenishment.proposal",
            "search_read",
            [("justification", "=like", f"load {RUN} proposal %")],
            fields=["justification"],
        )
        markers = [row["justification"].strip() for row in rows]
        return len(markers) - len(set(markers))


@events.test_start.add_listener
def on_start(environment, **_kw):
    admin = Admin(environment.host)
    before.update(admin.counts())
    schedules = admin.kw("scrm.mps", "search", [], limit=1)

    def run_mrp():
        try:
            admin.kw("scrm.mps", "action_run_mrp", schedules)
            count("mrp runs")
        except Exception as error:
            print(f"load_mrp_error: {error}")
            count("mrp errors")

    if schedules:
        threading.Timer(5, run_mrp).start()


@events.quitting.add_listener
def on_quitting(environment, **_kw):
    stats = environment.stats
    print()
    for entry in sorted(stats.entries.values(), key=lambda e: e.name):
        if not entry.num_requests:
            continue
        key = re.sub(r"\W+", "_", entry.name.strip("/")).strip("_") or "root"
        print(f"load_{key}_requests: {entry.num_requests} requests")
        print(f"load_{key}_rps: {entry.total_rps:.1f} requests/s")
        for pct in (0.5, 0.95, 0.99):
            value = entry.get_response_time_percentile(pct)
            print(f"load_{key}_p{int(pct * 100)}: {value:.0f} ms")
        print(f"load_{key}_errors: {entry.num_failures} errors")
    total = stats.total
    print(f"load_total_rps: {total.total_rps:.1f} requests/s")
    for pct in (0.5, 0.95, 0.99):
        print(
            f"load_total_p{int(pct * 100)}: "
            f"{total.get_response_time_percentile(pct):.0f} ms"
        )
    print(f"load_errors: {total.num_failures} errors")
    for name in sorted(saved):
        print(f"load_saved_{name.replace(' ', '_')}: {saved[name]} records")
    admin = Admin(environment.host)
    after = admin.counts()
    # A request still running when the run stops may be saved without its
    # answer: found lies between what was answered as saved and what was sent.
    mismatch = 0
    for name in ("tickets", "replies", "requests", "proposals"):
        found = after[name] - before.get(name, 0)
        said, sent = saved[name], saved[f"{name} attempted"]
        print(
            f"load_found_{name}: {found} records (answered saved: {said}, sent: {sent})"
        )
        mismatch += max(said - found, 0) + max(found - sent, 0)
    doubled = admin.doubled_proposals()
    print(f"load_doubled_proposals: {doubled} records")
    mismatch += doubled
    print(f"load_lost_or_doubled: {mismatch} records")
    if total.num_failures or mismatch or saved["mrp errors"]:
        environment.process_exit_code = 1


class PortalUser(HttpUser):
    abstract = True
    wait_time = between(1, 3)
    login = password = ""

    def on_start(self):
        token = self.csrf("/web/login", "/web/login")
        if not token:
            raise StopUser()
        response = self.client.post(
            "/web/login",
            data={
                "login": self.login,
                "password": self.password,
                "csrf_token": token,
                "redirect": "/my",
            },
            name="/web/login [post]",
        )
        if "/web/login" in response.url:
            raise RuntimeError(f"{self.login} could not log in")

    def csrf(self, path, name):
        page = self.client.get(path, name=name)
        match = CSRF.search(page.text or "")
        return match and match.group(1)


class Supplier(PortalUser):
    weight = 30
    login = password = "supplier.portal"
    line_ids = ()

    @task(4)
    def figures(self):
        page = self.client.get("/my/vmi", name="/my/vmi")
        self.line_ids = sorted(set(LINE_URL.findall(page.text or "")))

    @task(2)
    def proposals(self):
        self.client.get("/my/vmi/proposals", name="/my/vmi/proposals")

    @task(1)
    def scorecard(self):
        self.client.get("/my/vmi/scorecard", name="/my/vmi/scorecard")

    @task(1)
    def proposal_form(self):
        self.client.get("/my/vmi/propose", name="/my/vmi/propose")

    @task(1)
    def propose(self):
        if not self.line_ids:
            return
        line_id = self.line_ids[uuid.uuid4().int % len(self.line_ids)]
        page = self.client.get(
            f"/my/vmi/propose?line_id={line_id}", name="/my/vmi/propose?line_id"
        )
        text = page.text or ""
        form = {
            name: (re.search(FORM_VALUE.format(name), text) or [None, ""])[1]
            for name in ("csrf_token", "quantity", "ship_date", "arrival_date")
        }
        count("proposals attempted")
        with self.client.post(
            "/my/vmi/propose/submit",
            data={
                **form,
                "quantity": form["quantity"] or "1",
                "line_id": line_id,
                "justification": f"load {RUN} proposal {uuid.uuid4().hex}",
            },
            name="/my/vmi/propose/submit",
            catch_response=True,
        ) as response:
            if PROPOSAL_URL.search(response.url or ""):
                count("proposals")
            elif response.status_code == 400 and "alert" in (response.text or ""):
                count("proposals refused by the agreement")
                response.success()
            else:
                response.failure(f"no proposal: {response.status_code} {response.url}")


class Customer(PortalUser):
    weight = 30
    login = password = "customer.portal"
    ticket_ids = ()

    @task(4)
    def tickets(self):
        page = self.client.get("/my/tickets", name="/my/tickets")
        self.ticket_ids = sorted(set(re.findall(r'href="/my/tickets/(\d+)', page.text)))

    @task(2)
    def ticket(self):
        if self.ticket_ids:
            self.client.get(
                f"/my/tickets/{self.ticket_ids[0]}", name="/my/tickets/<id>"
            )

    @task(1)
    def new_ticket(self):
        token = self.csrf("/my/tickets/new", "/my/tickets/new")
        count("tickets attempted")
        with self.client.post(
            "/my/tickets/submit",
            data={
                "csrf_token": token,
                "subject": f"load {RUN} ticket {uuid.uuid4().hex}",
                "description": "The pump stops after an hour.",
            },
            name="/my/tickets/submit",
            catch_response=True,
        ) as response:
            if response.status_code == 429:
                count("refused by the hourly limit")
                response.success()
            elif (
                TICKET_URL.search(response.url or "")
                and "saved=created" in response.url
            ):
                count("tickets")
            else:
                response.failure(f"no ticket: {response.status_code} {response.url}")

    @task(1)
    def reply(self):
        if not self.ticket_ids:
            return
        ticket_id = self.ticket_ids[0]
        token = self.csrf(f"/my/tickets/{ticket_id}", "/my/tickets/<id>")
        count("replies attempted")
        with self.client.post(
            f"/my/tickets/{ticket_id}/reply",
            data={"csrf_token": token, "body": f"reply {RUN} {uuid.uuid4().hex}"},
            name="/my/tickets/<id>/reply",
            catch_response=True,
        ) as response:
            found = TICKET_URL.search(response.url or "")
            if found and found.group(2) in ("reply", "continued"):
                count("replies")
            elif response.status_code == 200 and "in the last hour" in response.text:
                count("refused by the hourly limit")
                response.success()
            else:
                response.failure(f"no reply: {response.status_code} {response.url}")


class Visitor(HttpUser):
    weight = 10
    wait_time = between(2, 5)

    @task
    def public_request(self):
        page = self.client.get("/service/request", name="/service/request")
        match = CSRF.search(page.text or "")
        count("requests attempted")
        with self.client.post(
            "/service/request/submit",
            data={
                "csrf_token": match and match.group(1),
                "name": "Load Visitor",
                "email": f"visitor.{uuid.uuid4().hex}@example.com",
                "subject": f"load {RUN} request {uuid.uuid4().hex}",
                "description": "Please call me back.",
            },
            name="/service/request/submit",
            catch_response=True,
        ) as response:
            if response.status_code == 429:
                count("refused by the hourly limit")
                response.success()
            elif response.status_code == 200:
                count("requests")
            else:
                response.failure(f"status {response.status_code}")


class Agent(HttpUser):
    weight = 10
    wait_time = between(1, 3)

    def on_start(self):
        self.client.post(
            "/web/session/authenticate",
            name="/web/session/authenticate",
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "params": {"db": DB, "login": "admin", "password": "admin"},
            },
        )

    @task
    def ticket_list(self):
        with self.client.post(
            "/web/dataset/call_kw/scrm.ticket/web_search_read",
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "params": {
                    "model": "scrm.ticket",
                    "method": "web_search_read",
                    "args": [],
                    "kwargs": {
                        "domain": [],
                        "limit": 80,
                        "specification": {
                            "number": {},
                            "name": {},
                            "partner_id": {"fields": {"display_name": {}}},
                            "stage_id": {"fields": {"display_name": {}}},
                            "priority": {},
                        },
                    },
                },
            },
            name="scrm.ticket web_search_read",
            catch_response=True,
        ) as response:
            if "error" in response.json():
                response.failure(response.json()["error"]["data"]["message"])

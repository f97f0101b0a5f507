"""Take the README's pictures from a running demo (`make run`), with headless Chromium
driven through the DevTools protocol, logged in as the demo users.

    make screenshots                      # against http://localhost:8069
    SCRM_URL=http://localhost:8070 make screenshots

Writes docs/img/master-schedule.png, docs/img/vmi-portal.png, docs/img/forecast.png and
docs/img/ticket.png,
and the addons' readme pictures (addons/<addon>/static/description/*.png).
`SCRM_SHOTS=caller,sla` takes only the pictures whose file name contains one of them.
"""

import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import websocket

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "img"
WIDTH, HEIGHT = 1440, 900
# Open a record by its XML id: the web client's URL needs its database id.
OPEN_XMLID = """
fetch('/web/dataset/call_kw', {
  method: 'POST', headers: {'Content-Type': 'application/json'},
  body: JSON.stringify({jsonrpc: '2.0', method: 'call', params: {
    model: 'ir.model.data', method: 'check_object_reference',
    args: %s, kwargs: {}}})
}).then(r => r.json()).then(r => {
  location.href = '/odoo/' + r.result[0] + '/' + r.result[1];
});
"""

# The forecast screen of the current quarter: what *CRM > Reporting > Sales Forecast*
# opens after its period dialog (through the web client's own services).
OPEN_FORECAST = """
(async () => {
  const env = odoo.__WOWL_DEBUG__.root.env;
  const ids = await env.services.orm.create(
    'scrm.forecast.period', [{period_type: 'quarter'}]);
  const action = await env.services.orm.call(
    'scrm.forecast.period', 'action_open', [ids]);
  // The pivot first: every measure's label in full, teams and salespeople down.
  action.views = [[false, 'pivot'], [false, 'list'], [false, 'graph']];
  await env.services.action.doAction(action, {clearBreadcrumbs: true});
})()
"""

# (file, login, path to open after login, JavaScript that opens the record to show)
SHOTS = [
    (
        "master-schedule.png",
        "admin",
        "/odoo/action-scrm_mrp_ext.scrm_mps_action",
        "document.querySelector('.o_data_row .o_data_cell').click()",
    ),
    ("vmi-portal.png", "supplier.portal", "/my/vmi", None),
    # The sales forecast of the current quarter, as the period dialog opens it.
    ("forecast.png", "admin", "/odoo/crm", OPEN_FORECAST),
    (
        "ticket.png",
        "admin",
        "/odoo/action-scrm_service.scrm_ticket_action?view_type=list",
        "document.querySelector('.o_data_row .o_data_cell').click()",
    ),
    # The screen pop of a call from the demo's (846)-523-2111, typed another way.
    (
        "addons/scrm_service/static/description/caller-card.png",
        "admin",
        "/scrm_service/caller?number=%2B1+846+523+2111",
        None,
    ),
    (
        "addons/scrm_service/static/description/sla-compliance.png",
        "admin",
        "/odoo/action-scrm_service.scrm_ticket_sla_report_action",
        None,
    ),
    (
        "addons/scrm_service/static/description/sla-compliance-pivot.png",
        "admin",
        "/odoo/action-scrm_service.scrm_ticket_sla_report_action?view_type=pivot",
        None,
    ),
    (
        "addons/scrm_base/static/description/relationship-panel.png",
        "admin",
        "/odoo",
        OPEN_XMLID % '["base", "res_partner_1"]',
    ),
]


class Browser:
    def __init__(self):
        binary = shutil.which("chromium") or shutil.which("google-chrome")
        if not binary:
            sys.exit("chromium not found: apt-get install -y chromium")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.profile = tempfile.mkdtemp(prefix="scrm-shots-")
        self.process = subprocess.Popen(
            [
                binary,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--hide-scrollbars",
                f"--window-size={WIDTH},{HEIGHT}",
                f"--remote-debugging-port={port}",
                f"--user-data-dir={self.profile}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/json") as r:
                    pages = [t for t in json.load(r) if t["type"] == "page"]
                break
            except OSError:
                time.sleep(0.2)
        else:
            sys.exit("chromium did not start")
        self.ws = websocket.create_connection(
            pages[0]["webSocketDebuggerUrl"], timeout=60, suppress_origin=True
        )
        self.next_id = 0
        self.call("Page.enable")
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=WIDTH,
            height=HEIGHT,
            deviceScaleFactor=1,
            mobile=False,
        )

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(
            json.dumps({"id": self.next_id, "method": method, "params": params})
        )
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def js(self, expression):
        result = self.call(
            "Runtime.evaluate",
            expression=expression,
            returnByValue=True,
            awaitPromise=True,
        )
        return result.get("result", {}).get("value")

    def open(self, url, settle=3.0):
        self.call("Page.navigate", url=url)
        self.settle(settle)

    def settle(self, seconds):
        deadline = time.time() + 30
        time.sleep(0.5)
        while self.js("document.readyState") != "complete" and time.time() < deadline:
            time.sleep(0.2)
        time.sleep(seconds)  # the web client renders after the page has loaded

    def login(self, base, login):
        self.call("Network.clearBrowserCookies")
        self.open(f"{base}/web/login", settle=0.5)
        who = json.dumps(login)  # the demo users' password is their login
        self.js(
            f"document.querySelector('input[name=login]').value = {who};"
            f"document.querySelector('input[name=password]').value = {who};"
            "document.querySelector('form.oe_login_form').submit();"
        )
        self.settle(1)

    def screenshot(self, path):
        # A notice that pops up meanwhile (e.g. "the page is out of date") is closed.
        self.js(
            "document.querySelectorAll('.o_notification_close').forEach(b => b.click())"
        )
        time.sleep(0.5)
        data = self.call("Page.captureScreenshot", format="png")["data"]
        path.write_bytes(base64.b64decode(data))

    def close(self):
        self.ws.close()
        self.process.terminate()
        self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


def main():
    base = os.environ.get("SCRM_URL", "http://localhost:8069").rstrip("/")
    OUT.mkdir(parents=True, exist_ok=True)
    only = [w for w in os.environ.get("SCRM_SHOTS", "").split(",") if w]
    browser = Browser()
    try:
        for name, login, path, then in SHOTS:
            if only and not any(word in name for word in only):
                continue
            out = ROOT / name if "/" in name else OUT / name
            browser.login(base, login)
            browser.open(base + path, settle=6)
            if then:
                browser.js(then)
                browser.settle(8)
            browser.screenshot(out)
            print(f"{out}  ({login}, {browser.js('location.pathname')})")
    finally:
        browser.close()


if __name__ == "__main__":
    main()

"""MetalPro load scenario (locust). Normally started by bench/load/run.py (`make loadtest`).

Three kinds of visitor, weighted like the shop's traffic:
- Shopper (6): storefront pages in Romanian and English: home, category pages and their next
  pages, search, product pages, adding to the estimate through the product form, the cart page,
  now and then a request for quote through the form;
- ApiGuest (2): the JSON API without an account: product lists with filters and search, product
  detail, a cart kept by X-Cart-Token, a BOM upload (read by the Celery worker, then polled), RFQs;
- ApiBuyer (2): signed in with a JWT (one login per simulated user): the same plus "my RFQs".

Think time 1-5 s; LOAD_PROFILE=saturation removes it and steps the users up (bench/load/steps.py).
Every non-2xx/3xx answer is an error: the scenario only asks what a real client would (existing
products, valid quantities in the product's own unit, complete forms), so nothing fails on purpose.

Environment: LOAD_DATA (JSON written by run.py: products, categories, buyers; without it the data
is read from the API), LOAD_SAMPLES (a CSV of every request for run.py's report).
"""

import csv
import json
import os
import random
import re
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from locust import LoadTestShape, between, constant, events, task
from locust.contrib.fasthttp import FastHttpUser

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.load.scenario import COMPANY, FILTERS, RFQ_FORM, bom_csv, quantity
from bench.load.steps import step_levels, step_seconds
from bench.search_eval.queries import QUERIES as EVAL_QUERIES

PROFILE = os.environ.get("LOAD_PROFILE", "think")
WAIT = between(1, 5) if PROFILE == "think" else constant(0)
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
DATA: dict = {"products": [], "categories": [], "users": []}
SAMPLES: list[tuple] = []
ENVIRONMENT: list = []  # the locust Environment, for the running user count
BUYER_INDEX = iter(range(10**9))
QUERIES = [query for query, _expected in EVAL_QUERIES]  # real queries buyers type (search evaluation)


@events.init.add_listener
def _load_data(environment, **kwargs) -> None:
    ENVIRONMENT.append(environment)
    path = os.environ.get("LOAD_DATA")
    if path:
        DATA.update(json.loads(Path(path).read_text()))


@events.test_start.add_listener
def _discover(environment, **kwargs) -> None:
    """Without LOAD_DATA (another server): products and categories from the public API."""
    if DATA["products"] or not environment.host:
        return
    import urllib.request

    def get(path: str) -> dict:
        with urllib.request.urlopen(environment.host + path, timeout=10) as response:
            return json.loads(response.read())

    for page in range(1, 6):
        for product in get(f"/api/products?page={page}")["results"]:
            DATA["products"].append({"id": product["id"], "slug": product["slug"], "unit": product["baseUnit"]})
    DATA["categories"] = [{"slug": c["slug"], "products": 24} for c in get("/api/categories")]


@events.request.add_listener
def _record(request_type, name, response_time, response_length, exception=None, **kwargs) -> None:
    runner = ENVIRONMENT[0].runner if ENVIRONMENT else None
    users = runner.user_count if runner is not None else 0
    kind = "api" if name.startswith("API") else "page"
    SAMPLES.append((time.time(), kind, name, round(response_time, 1), 0 if exception else 1, users))


@events.quitting.add_listener
def _write_samples(environment, **kwargs) -> None:
    path = os.environ.get("LOAD_SAMPLES")
    if not path:
        return
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["t", "kind", "name", "ms", "ok", "users"])
        writer.writerows(SAMPLES)


def product() -> dict:
    return random.choice(DATA["products"])


def category_page(category: dict) -> int:
    pages = max(1, -(-category["products"] // 24))
    return random.choice([1, 1, 1, 2, 2, 3]) if pages > 1 else 1


class Shopper(FastHttpUser):
    """A buyer in a browser: pages, the estimate form, the RFQ form (session cookie, CSRF)."""

    weight = 6
    wait_time = WAIT

    def on_start(self) -> None:
        self.prefix = random.choice(["", "", "", "/en"])
        self.lines = 0

    def page(self, path: str, name: str, **kwargs):
        with self.client.get(self.prefix + path, name=f"page {name}", catch_response=True, **kwargs) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
            return response

    @task(3)
    def home(self) -> None:
        self.page("/", "home")

    @task(8)
    def category(self) -> None:
        category = random.choice(DATA["categories"])
        page = category_page(category)
        query = f"?page={page}" if page > 1 else ""
        if random.random() < 0.3:
            query = "?" + "&".join(f"{k}={v}" for k, v in random.choice(FILTERS).items())
        self.page(f"/catalog/{category['slug']}/{query}", "category" if page == 1 else "category next page")

    @task(5)
    def search(self) -> None:
        self.page("/catalog/", "search", params={"q": random.choice(QUERIES)})

    @task(10)
    def product(self) -> None:
        self.page(f"/produs/{product()['slug']}/", "product")

    @task(3)
    def add_to_cart(self) -> None:
        item = product()
        response = self.page(f"/produs/{item['slug']}/", "product")
        match = CSRF.search(response.text or "")
        if not match:
            return
        form = {
            "csrfmiddlewaretoken": match.group(1),
            "product": item["id"],
            "quantity": quantity(item["unit"]),
            "unit": item["unit"],
        }
        with self.client.post(
            self.prefix + "/cos/adauga/", data=form, name="page add to cart (form)", allow_redirects=False,
            catch_response=True,
        ) as answer:  # fmt: skip
            if answer.status_code != 302:
                answer.failure(f"status {answer.status_code}")
            else:
                self.lines += 1

    @task(2)
    def cart(self) -> None:
        self.page("/cos/", "cart")

    @task(1)
    def request_quote(self) -> None:
        if not self.lines:
            return
        response = self.page("/cerere-oferta/", "RFQ form")
        match = CSRF.search(response.text or "")
        if not match:
            return
        form = {"csrfmiddlewaretoken": match.group(1), **RFQ_FORM}
        with self.client.post(
            self.prefix + "/cerere-oferta/", data=form, name="page RFQ submit (form)", allow_redirects=False,
            catch_response=True,
        ) as answer:  # fmt: skip
            if answer.status_code != 302:
                answer.failure(f"status {answer.status_code}")
            else:
                self.lines = 0


class ApiClient(FastHttpUser):
    abstract = True
    wait_time = WAIT

    def on_start(self) -> None:
        self.headers = {"Accept-Language": random.choice(["ro", "en"])}
        self.has_lines = False

    def api(self, method: str, path: str, name: str, expect: int = 200, **kwargs):
        with self.client.request(
            method, path, name=f"API {name}", headers=self.headers, catch_response=True, **kwargs
        ) as response:
            if response.status_code != expect:
                response.failure(f"status {response.status_code}: {(response.text or '')[:200]}")
                return None
            token = response.headers.get("X-Cart-Token")
            if token:
                self.headers["X-Cart-Token"] = token
            return response

    @task(6)
    def products(self) -> None:
        params = {"category": random.choice(DATA["categories"])["slug"], **random.choice(FILTERS)}
        response = self.api("GET", "/api/products", "GET /api/products", params=params)
        following = response.json().get("next") if response is not None else None
        if following and random.random() < 0.4:  # the next page, as the client was given it
            parts = urlsplit(following)
            self.api("GET", f"{parts.path}?{parts.query}", "GET /api/products?page=")

    @task(4)
    def search(self) -> None:
        self.api("GET", "/api/products", "GET /api/products?search=", params={"search": random.choice(QUERIES)})

    @task(6)
    def detail(self) -> None:
        self.api("GET", f"/api/products/{product()['slug']}", "GET /api/products/{slug}")

    @task(3)
    def add_to_cart(self) -> None:
        item = product()
        body = {"productId": item["id"], "quantity": quantity(item["unit"]), "unit": item["unit"]}
        if self.api("POST", "/api/cart/items", "POST /api/cart/items", expect=201, json=body):
            self.has_lines = True

    @task(2)
    def cart(self) -> None:
        self.api("GET", "/api/cart", "GET /api/cart")

    @task(1)
    def request_quote(self) -> None:
        if self.has_lines and self.api("POST", "/api/rfq", "POST /api/rfq", expect=201, json=COMPANY):
            self.has_lines = False

    @task(1)
    def upload_bom(self) -> None:
        files = {"file": ("lista-materiale.csv", bom_csv(), "text/csv")}
        response = self.api("POST", "/api/upload/bom", "POST /api/upload/bom", expect=202, files=files)
        if response is None:
            return
        upload_id = response.json()["id"]
        for _ in range(10):  # the Celery worker reads it: poll like the page does
            time.sleep(1)
            result = self.api("GET", f"/api/upload/bom/{upload_id}", "GET /api/upload/bom/{id}")
            if result is None or result.json()["status"] in ("DONE", "FAILED"):
                break


class ApiGuest(ApiClient):
    weight = 2


class ApiBuyer(ApiClient):
    """Signed in with a JWT from POST /api/auth/login (one of the buyers run.py created)."""

    weight = 2

    def on_start(self) -> None:
        super().on_start()
        buyer = DATA["users"][next(BUYER_INDEX) % len(DATA["users"])]
        response = self.api("POST", "/api/auth/login", "POST /api/auth/login", json=buyer)
        if response is not None:
            self.headers["Authorization"] = f"Bearer {response.json()['tokens']['accessToken']}"
            self.headers.pop("X-Cart-Token", None)

    @task(1)
    def my_requests(self) -> None:
        if "Authorization" in self.headers:
            self.api("GET", "/api/rfq", "GET /api/rfq")


if PROFILE == "saturation":

    class StepShape(LoadTestShape):
        """Users stepped up to LOAD_USERS over LOAD_DURATION seconds, without think time."""

        levels = step_levels(int(os.environ.get("LOAD_USERS", "64")))
        seconds = step_seconds(int(os.environ.get("LOAD_DURATION", "240")), levels[-1])

        def tick(self):
            index = int(self.get_run_time() // self.seconds)
            if index >= len(self.levels):
                return None
            return self.levels[index], 100

// Verbatim's search page: the state lives in the URL, the data comes from /v1.
import { Problem, apiUrl, get } from "./api.js";
import { drawTimeline, plural } from "./timeline.js";

const LISTS = ["speaker", "topic", "place", "source", "kind"];
const DATES = ["date_from", "date_to"];
const FACETS = ["speaker", "topic", "place", "source", "kind"];
const FACET_TITLES = { speaker: "Speakers", topic: "Topics", place: "Places", source: "Outlets", kind: "Kinds" };
const FILTER_NAMES = {
  speaker: "Speaker", topic: "Topic", place: "Place", source: "Outlet", kind: "Kind",
  date_from: "From", date_to: "To",
};
const KINDS = { direct: "Direct quote", partial: "Partial quote", indirect: "Reported speech" };
const PAGE_SIZE = 20;
const $ = (id) => document.getElementById(id);

// ---- small DOM helpers: every text from the database goes in as a text node ----
function el(name, attributes = {}, ...children) {
  const node = document.createElement(name);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function formatDate(iso) {
  if (!iso) return null;
  const [y, m, d] = iso.split("-").map(Number);
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

// Parts of a line with a dot between them that screen readers skip.
function dotted(...parts) {
  return parts.filter(Boolean).flatMap((part, i) => (i ? [el("span", { class: "sep", "aria-hidden": "true" }, "·"), part] : [part]));
}

function label(name, value) {
  if (name === "kind") return KINDS[value] || value;
  if (DATES.includes(name)) return formatDate(value) || value;
  return value;
}

// ---- state <-> URL ----
function readState() {
  const params = new URLSearchParams(location.search);
  const state = { q: params.get("q") || "", sort: params.get("sort") || "", filters: {} };
  for (const name of LISTS) {
    const values = params.getAll(name).filter(Boolean);
    if (values.length) state.filters[name] = [...new Set(values)];
  }
  for (const name of DATES) {
    const value = params.get(name);
    if (value) state.filters[name] = [value];
  }
  const path = location.pathname.split("/").filter(Boolean);
  state.page = path.length === 2 && ["people", "topics", "places"].includes(path[0])
    ? { type: path[0], key: decodeURIComponent(path[1]) }
    : null;
  return state;
}

function stateUrl(state) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  for (const [name, values] of Object.entries(state.filters)) {
    for (const value of values) params.append(name, value);
  }
  if (state.sort) params.set("sort", state.sort);
  const query = params.toString();
  return location.pathname + (query ? `?${query}` : "");
}

let state = readState();

function navigate(next, { replace = false } = {}) {
  if (!next.q && next.sort === "relevance") next.sort = "";
  state = next;
  const url = stateUrl(state);
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  load();
}

function withFilter(name, value) {
  const filters = structuredClone(state.filters);
  if (DATES.includes(name)) filters[name] = [value];
  else if (!(filters[name] || []).includes(value)) filters[name] = [...(filters[name] || []), value];
  return { ...state, filters };
}

function withoutFilter(name, value) {
  const filters = structuredClone(state.filters);
  filters[name] = (filters[name] || []).filter((v) => v !== value);
  if (!filters[name].length) delete filters[name];
  return { ...state, filters };
}

// ---- what the page asks the API ----
let base = {};
let entityName = null;

function queryParams() {
  const params = { ...base };
  if (state.q) params.q = state.q;
  for (const [name, values] of Object.entries(state.filters)) {
    params[name] = [...(params[name] ? [].concat(params[name]) : []), ...values];
  }
  if (state.sort) params.sort = state.sort;
  return params;
}

// ---- form ----
function showForm() {
  $("q").value = state.q;
  for (const name of ["speaker", "topic", "place", "source"]) $(name).value = "";
  const kinds = state.filters.kind || [];
  $("kind").value = kinds.length === 1 ? kinds[0] : "";
  for (const name of DATES) $(name).value = (state.filters[name] || [""])[0];
  const sort = $("sort");
  sort.querySelector('option[value="relevance"]').disabled = !state.q;
  sort.value = state.sort || (state.q ? "relevance" : "-date");
}

function submitForm(event) {
  event.preventDefault();
  closeOptions();
  const filters = structuredClone(state.filters);
  for (const name of ["speaker", "topic", "place", "source"]) {
    const value = $(name).value.trim();
    if (value && !(filters[name] || []).includes(value)) filters[name] = [...(filters[name] || []), value];
  }
  const kind = $("kind").value;
  if (kind) filters.kind = [kind];
  else if ((filters.kind || []).length === 1) delete filters.kind;
  for (const name of DATES) {
    const value = $(name).value;
    if (value) filters[name] = [value];
    else delete filters[name];
  }
  navigate({ ...state, q: $("q").value.trim(), filters });
}

// ---- chips ----
function showChips() {
  const chips = $("chips");
  chips.replaceChildren();
  for (const [name, values] of Object.entries(state.filters)) {
    for (const value of values) {
      const text = `${FILTER_NAMES[name]}: ${label(name, value)}`;
      const button = el("button", {
        type: "button", class: "chip", "aria-label": `Remove filter ${text}`, "data-filter": name,
      }, el("span", { class: "chip-name", text: `${FILTER_NAMES[name]}:` }), " ",
      el("span", { class: "chip-value", text: label(name, value) }),
      el("span", { class: "chip-x", "aria-hidden": "true", text: "×" }));
      button.addEventListener("click", () => {
        navigate(withoutFilter(name, value));
        $("q").focus();
      });
      chips.append(el("li", {}, button));
    }
  }
  if (chips.children.length > 1) {
    const clear = el("button", { type: "button", class: "chip-clear", text: "Clear all" });
    clear.addEventListener("click", () => navigate({ ...state, filters: {} }));
    chips.append(el("li", {}, clear));
  }
  chips.hidden = chips.children.length === 0;
}

// ---- errors ----
const FIELDS = ["q", "speaker", "topic", "place", "source", "kind", "date_from", "date_to"];

function clearErrors() {
  for (const name of FIELDS) {
    $(`${name}-error`).hidden = true;
    $(`${name}-error`).textContent = "";
    $(name).removeAttribute("aria-invalid");
  }
  $("error").hidden = true;
  $("error").textContent = "";
}

function showError(error) {
  const message = error instanceof Problem ? error.message : "Verbatim could not be reached. Check that the server is running, then try again.";
  const field = error instanceof Problem && FIELDS.includes(error.param) ? error.param : null;
  if (field) {
    if (field !== "q") $("filters").open = true;
    $(`${field}-error`).textContent = message;
    $(`${field}-error`).hidden = false;
    $(field).setAttribute("aria-invalid", "true");
  } else {
    $("error").textContent = message;
    $("error").hidden = false;
  }
  $("count").textContent = field ? "Fix the search to see statements." : "Something went wrong.";
}

// ---- quote cards ----
const roles = new Map();

async function fillRoles(cards) {
  const ids = [...new Set(cards.map((card) => card.dataset.speakerId).filter(Boolean))];
  await Promise.all(ids.filter((id) => !roles.has(id)).map(async (id) => {
    try {
      roles.set(id, (await get(`/v1/people/${id}`)).role || "");
    } catch {
      roles.set(id, "");
    }
  }));
  for (const card of cards) {
    const role = roles.get(card.dataset.speakerId);
    const slot = card.querySelector(".role");
    if (role && slot) {
      slot.textContent = role;
      slot.hidden = false;
    }
  }
}

function articleLink(article) {
  const title = article.title || "Untitled article";
  return article.url
    ? el("a", { href: article.url, class: "article-link", rel: "noopener noreferrer", target: "_blank" }, title)
    : el("span", { class: "article-link" }, title);
}

function card(quote) {
  const statement = el("p", { class: "statement-text" });
  if (quote.highlight) statement.innerHTML = quote.highlight; // the API's escaped HTML, <mark> only
  else statement.textContent = quote.text;
  const speaker = quote.speaker
    ? el("a", { href: `/people/${quote.speaker.id}`, class: "speaker-name" }, quote.speaker.name)
    : el("span", { class: "speaker-name unknown" }, quote.speaker_mention || "Unnamed speaker");
  const date = quote.date || quote.article.published;
  const meta = el("p", { class: "meta" }, ...dotted(
    el("span", { class: `kind kind-${quote.kind}` }, KINDS[quote.kind] || quote.kind),
    date ? el("time", { datetime: date }, formatDate(date)) : el("span", { class: "undated" }, "Undated"),
));
  const source = el("p", { class: "article-line" }, ...dotted(
    quote.article.source ? el("span", { class: "outlet" }, quote.article.source) : null,
    articleLink(quote.article)));
  const tags = el("ul", { class: "tags", "aria-label": "Topics and places" });
  for (const topic of quote.topics) {
    tags.append(el("li", {}, el("a", { href: `/topics/${encodeURIComponent(topic.slug)}`, class: "tag tag-topic" }, topic.name)));
  }
  for (const place of quote.places) {
    tags.append(el("li", {}, el("a", { href: `/places/${place.id}`, class: "tag tag-place" }, place.name)));
  }
  const contextId = `context-${quote.id}`;
  const context = el("p", { id: contextId, class: "context", hidden: true }, quote.context);
  const toggle = el("button", {
    type: "button", class: "link-button", "aria-expanded": "false", "aria-controls": contextId,
  }, "Show context");
  toggle.addEventListener("click", () => {
    const open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    toggle.textContent = open ? "Hide context" : "Show context";
    context.hidden = !open;
  });
  const actions = el("div", { class: "card-actions" }, toggle);
  const others = quote.appearances.filter((a) => a.quote_id !== quote.id);
  if (quote.appearance_count > 1 && others.length) {
    const outlets = new Set(others.map((a) => a.article.source || a.article.title));
    const copies = el("details", { class: "copies" },
      el("summary", {}, `Also in ${plural(outlets.size, "outlet")}`),
      el("ul", {}, ...others.map((a) => el("li", {}, ...dotted(
        a.article.source ? el("span", { class: "outlet" }, a.article.source) : null,
        a.date ? el("time", { datetime: a.date }, formatDate(a.date)) : null,
        articleLink(a.article))))));
    actions.append(copies);
  }
  const byline = el("p", { class: "byline" }, speaker, el("span", { class: "role", hidden: true }));
  const node = el("li", { class: "card", "data-quote-id": quote.id, "data-speaker-id": quote.speaker?.id },
    el("article", { "aria-label": `Statement by ${quote.speaker?.name || quote.speaker_mention || "an unnamed speaker"}` },
      el("blockquote", { class: `statement statement-${quote.kind}`, cite: quote.article.url }, statement),
      byline, meta, source, quote.topics.length || quote.places.length ? tags : null, actions, context));
  return node;
}

// ---- facets ----
function showFacets(facets, window) {
  const aside = $("facets");
  aside.replaceChildren();
  if (!facets) return;
  if (window) {
    aside.append(el("p", { class: "facet-note" }, `Counted over the newest ${window.toLocaleString("en")} statements.`));
  }
  for (const name of FACETS) {
    if (state.page?.type === "people" && name === "speaker") continue;
    const active = new Set(state.filters[name] || []);
    if (state.page?.type === "topics" && name === "topic") active.add(entityName);
    if (state.page?.type === "places" && name === "place") active.add(entityName);
    const values = (facets[name] || []).filter((f) => !active.has(f.value));
    if (!values.length) continue;
    const list = el("ul", {});
    for (const facet of values) {
      const button = el("button", {
        type: "button", class: "facet", "data-facet": name, "data-value": facet.value,
        "aria-label": `${FILTER_NAMES[name]}: ${label(name, facet.value)}, ${plural(facet.count, "statement")}. Add filter`,
      }, el("span", { class: "facet-value" }, label(name, facet.value)),
      el("span", { class: "facet-count" }, facet.count.toLocaleString("en")));
      button.addEventListener("click", () => {
        navigate(withFilter(name, facet.value));
        $("results").focus({ preventScroll: true });
      });
      list.append(el("li", {}, button));
    }
    const id = `facet-${name}`;
    aside.append(el("section", { class: "facet-group", "aria-labelledby": id },
      el("h2", { id }, FACET_TITLES[name]), list));
  }
}

// ---- timeline ----
async function loadTimeline(params, signal) {
  const figure = $("timeline");
  const span = state.filters.date_from && state.filters.date_to
    ? (Date.parse(state.filters.date_to[0]) - Date.parse(state.filters.date_from[0])) / 864e5
    : null;
  const order = span === null ? ["month", "week", "day"] : span <= 31 ? ["day"] : span <= 190 ? ["week"] : ["month"];
  let timeline = null;
  for (const interval of order) {
    timeline = await get("/v1/quotes/timeline", { ...params, sort: undefined, interval }, { signal });
    if (timeline.buckets.length > 2) break;
  }
  if (!timeline.buckets.length) {
    figure.hidden = true;
    return;
  }
  figure.hidden = false;
  drawTimeline($("timeline-chart"), timeline, (from, to) => {
    const next = withFilter("date_from", from);
    next.filters.date_to = [to];
    navigate(next);
  });
  const undated = timeline.undated ? ` · ${plural(timeline.undated, "undated statement")} not shown` : "";
  $("timeline-caption").textContent = `Statements per ${timeline.interval}${undated}. Choose a bar, or drag across bars, to narrow the dates.`;
  figure.hidden = false;
}

// ---- person, topic and place pages ----
async function loadEntity(signal) {
  const section = $("entity");
  base = {};
  entityName = null;
  $("q-label").textContent = "Search statements";
  if (!state.page) {
    section.hidden = true;
    section.replaceChildren();
    return;
  }
  const { type, key } = state.page;
  const facts = el("p", { class: "entity-facts" });
  const extra = [];
  let kicker;
  if (type === "people") {
    const person = await get(`/v1/people/${encodeURIComponent(key)}`, {}, { signal });
    base = { speaker_id: person.id };
    entityName = person.name;
    kicker = person.kind === "organization" ? "Organisation" : "Person";
    if (person.role) extra.push(el("p", { class: "entity-role" }, person.role));
    const range = person.first_quoted
      ? ` between ${formatDate(person.first_quoted)} and ${formatDate(person.last_quoted)}`
      : "";
    facts.textContent = `Quoted ${plural(person.quote_count, "time")}${range}.`;
    if (person.aliases.length) {
      extra.push(el("p", { class: "aliases" }, el("span", { class: "aliases-label" }, "Also named "),
        ...person.aliases.flatMap((alias, i) => [i ? ", " : "", el("span", { class: "alias" }, alias)])));
    }
  } else if (type === "topics") {
    const topic = await get(`/v1/topics/${encodeURIComponent(key)}`, {}, { signal });
    base = { topic: topic.slug };
    entityName = topic.name;
    kicker = "Topic";
    facts.textContent = `${plural(topic.quote_count, "statement")} in ${plural(topic.article_count, "article")}.`;
    if (topic.top_speakers.length) {
      extra.push(el("p", { class: "aliases" }, el("span", { class: "aliases-label" }, "Quoted most: "),
        ...topic.top_speakers.flatMap((s, i) => [i ? ", " : "",
          el("a", { href: `/people/${s.id}` }, s.name), ` (${s.count})`])));
    }
  } else {
    const place = await get(`/v1/places/${encodeURIComponent(key)}`, {}, { signal });
    base = { place: place.name };
    entityName = place.name;
    kicker = place.kind === "place" ? "Place" : place.kind[0].toUpperCase() + place.kind.slice(1);
    const country = place.country_code && place.kind !== "country" ? ` (${place.country_code})` : "";
    facts.textContent = `${plural(place.quote_count, "statement")} in ${plural(place.article_count, "article")}${country}.`;
    if (place.aliases.length) {
      extra.push(el("p", { class: "aliases" }, el("span", { class: "aliases-label" }, "Also named "),
        ...place.aliases.flatMap((alias, i) => [i ? ", " : "", el("span", { class: "alias" }, alias)])));
    }
  }
  const within = { people: "by", topics: "on", places: "about" }[type];
  $("q-label").textContent = `Search statements ${within} ${entityName}`;
  section.replaceChildren(
    el("p", { class: "kicker" }, el("a", { href: "/" }, "All statements"), " / ", kicker),
    el("h1", {}, entityName), ...extra, facts);
  section.hidden = false;
}

// ---- loading a state ----
let controller = null;
let cursor = null;

async function load() {
  controller?.abort();
  controller = new AbortController();
  const { signal } = controller;
  showForm();
  showChips();
  clearErrors();
  const cards = $("cards");
  cards.setAttribute("aria-busy", "true");
  $("results").classList.add("loading");
  $("count").textContent = "Searching…";
  $("more").hidden = true;
  $("empty").hidden = true;
  $("results").classList.remove("failed");
  try {
    await loadEntity(signal);
    const params = queryParams();
    document.title = [state.q ? `“${state.q}”` : null, entityName, "Verbatim"].filter(Boolean).join(" · ");
    $("export-csv").href = apiUrl("/v1/quotes", { ...params, format: "csv" });
    $("export-ndjson").href = apiUrl("/v1/quotes", { ...params, format: "ndjson" });
    const timeline = loadTimeline(params, signal).catch(() => { $("timeline").hidden = true; });
    const page = await get("/v1/quotes", { ...params, limit: PAGE_SIZE, facets: FACETS.join(",") }, { signal });
    const total = page.total_exact ? plural(page.total, "statement") : `More than ${plural(page.total, "statement")}`;
    $("count").textContent = page.total ? total : "No statements";
    cards.replaceChildren(...page.items.map(card));
    $("empty").hidden = page.items.length > 0;
    cursor = page.next_cursor;
    $("more").hidden = !cursor;
    showFacets(page.facets, page.facets_window);
    fillRoles([...cards.children]);
    await timeline;
  } catch (error) {
    if (error.name === "AbortError") return;
    if (state.page && !entityName && error instanceof Problem && error.status === 404) {
      const kinds = { people: "person", topics: "topic", places: "place" };
      $("entity").replaceChildren(
        el("p", { class: "kicker" }, el("a", { href: "/" }, "All statements")),
        el("h1", {}, `No such ${kinds[state.page.type]}`));
      $("entity").hidden = false;
    }
    cards.replaceChildren();
    $("results").classList.add("failed");
    showFacets(null);
    $("timeline").hidden = true;
    showError(error);
  } finally {
    if (!signal.aborted) {
      cards.setAttribute("aria-busy", "false");
      $("results").classList.remove("loading");
    }
  }
}

async function loadMore() {
  const button = $("more");
  button.disabled = true;
  button.textContent = "Loading…";
  try {
    const page = await get("/v1/quotes", { ...queryParams(), limit: PAGE_SIZE, cursor });
    const added = page.items.map(card);
    $("cards").append(...added);
    cursor = page.next_cursor;
    button.hidden = !cursor;
    fillRoles(added);
    if (added.length) {
      const first = added[0].querySelector("article");
      first.tabIndex = -1;
      first.focus();
    }
  } catch (error) {
    showError(error);
  } finally {
    button.disabled = false;
    button.textContent = "Load more";
  }
}

// ---- speaker autocomplete (a combobox over /v1/people?q=) ----
let optionsFor = "";
let active = -1;
let timer = null;

function closeOptions() {
  $("speaker-options").hidden = true;
  $("speaker").setAttribute("aria-expanded", "false");
  $("speaker").removeAttribute("aria-activedescendant");
  active = -1;
}

function highlightOption(index) {
  const options = [...$("speaker-options").children];
  if (!options.length) return;
  active = (index + options.length) % options.length;
  options.forEach((option, i) => option.setAttribute("aria-selected", String(i === active)));
  $("speaker").setAttribute("aria-activedescendant", options[active].id);
  options[active].scrollIntoView({ block: "nearest" });
}

function chooseSpeaker(name) {
  closeOptions();
  $("speaker").value = "";
  navigate(withFilter("speaker", name));
}

async function suggest() {
  const text = $("speaker").value.trim();
  if (!text) {
    closeOptions();
    return;
  }
  optionsFor = text;
  let people;
  try {
    people = await get("/v1/people", { q: text, limit: 8 });
  } catch {
    closeOptions();
    return;
  }
  if (optionsFor !== text) return;
  const list = $("speaker-options");
  list.replaceChildren(...people.items.map((person, i) => {
    const option = el("li", { id: `speaker-option-${i}`, role: "option", "aria-selected": "false", class: "option" },
      el("span", { class: "option-name" }, person.name),
      el("span", { class: "option-detail" }, [person.role, plural(person.quote_count, "statement")].filter(Boolean).join(" · ")));
    option.addEventListener("mousedown", (event) => event.preventDefault());
    option.addEventListener("click", () => chooseSpeaker(person.name));
    return option;
  }));
  if (!people.items.length) list.append(el("li", { class: "option option-none", role: "option", "aria-disabled": "true" }, "No speaker by that name"));
  list.hidden = false;
  $("speaker").setAttribute("aria-expanded", "true");
  active = -1;
}

function setUp() {
  $("search").addEventListener("submit", submitForm);
  $("sort").addEventListener("change", () => navigate({ ...state, sort: $("sort").value }));
  $("more").addEventListener("click", loadMore);
  const speaker = $("speaker");
  speaker.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(suggest, 120);
  });
  speaker.addEventListener("keydown", (event) => {
    const open = !$("speaker-options").hidden;
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (open) highlightOption(active + 1);
      else suggest();
    } else if (event.key === "ArrowUp" && open) {
      event.preventDefault();
      highlightOption(active - 1);
    } else if (event.key === "Enter" && open && active >= 0) {
      event.preventDefault();
      const option = $("speaker-options").children[active];
      if (option.getAttribute("aria-disabled") !== "true") chooseSpeaker(option.querySelector(".option-name").textContent);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      closeOptions();
    }
  });
  speaker.addEventListener("blur", () => setTimeout(closeOptions, 100));
  // Links to other views of this page are followed without reloading it.
  document.addEventListener("click", (event) => {
    const link = event.target.closest("a[href]");
    if (!link || link.target || link.hasAttribute("download") || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const url = new URL(link.href);
    if (url.origin !== location.origin || url.pathname.startsWith("/v1") || url.pathname.startsWith("/docs")) return;
    event.preventDefault();
    history.pushState(null, "", url.pathname + url.search);
    state = readState();
    load();
    window.scrollTo(0, 0);
  });
  window.addEventListener("popstate", () => {
    state = readState();
    load();
  });
}

setUp();
load();

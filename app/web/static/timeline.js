// The timeline of the current result set as an SVG bar chart built from DOM nodes. Each bar
// is a button (focusable, with a label saying its period and count); choosing one narrows
// the dates to its period, and dragging across several to theirs.

const SVG = "http://www.w3.org/2000/svg";
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTH_NAMES = [
  "January", "February", "March", "April", "May", "June",
  "July", "August", "September", "October", "November", "December",
];

function svg(name, attributes = {}) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  return node;
}

function parseDay(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

export function isoDay(date) {
  return date.toISOString().slice(0, 10);
}

// The first and last day of the bucket starting at `start`.
export function bucketRange(start, interval) {
  const first = parseDay(start);
  const last = new Date(first);
  if (interval === "day") {
    // same day
  } else if (interval === "week") {
    last.setUTCDate(last.getUTCDate() + 6);
  } else {
    last.setUTCMonth(last.getUTCMonth() + 1, 0);
  }
  return [isoDay(first), isoDay(last)];
}

function longLabel(start, interval) {
  const day = parseDay(start);
  const month = MONTH_NAMES[day.getUTCMonth()];
  if (interval === "month") return `${month} ${day.getUTCFullYear()}`;
  if (interval === "week") return `Week of ${day.getUTCDate()} ${month} ${day.getUTCFullYear()}`;
  return `${day.getUTCDate()} ${month} ${day.getUTCFullYear()}`;
}

function shortLabel(start, interval) {
  const day = parseDay(start);
  if (interval === "month") return `${MONTHS[day.getUTCMonth()]} ${String(day.getUTCFullYear()).slice(2)}`;
  return `${day.getUTCDate()} ${MONTHS[day.getUTCMonth()]}`;
}

export function plural(n, one, many = `${one}s`) {
  return `${n.toLocaleString("en")} ${n === 1 ? one : many}`;
}

// Draw `timeline` (the API's answer) into `container`; `choose(from, to)` narrows the dates.
export function drawTimeline(container, timeline, choose) {
  const { buckets, interval } = timeline;
  container.replaceChildren();
  const width = Math.max(260, Math.round(container.clientWidth || 720));
  const height = width < 500 ? 130 : 150;
  const top = 20;
  const bottom = 26;
  const left = 8;
  const right = 8;
  const inner = height - top - bottom;
  const max = Math.max(1, ...buckets.map((b) => b.count));
  const slot = (width - left - right) / Math.max(1, buckets.length);
  const gap = Math.min(6, slot * 0.2);
  const chart = svg("svg", {
    viewBox: `0 0 ${width} ${height}`,
    role: "group",
    "aria-label": `Statements per ${interval}`,
    class: "chart",
    "data-interval": interval,
  });
  chart.append(svg("line", {
    x1: left, x2: width - right, y1: top + inner + 0.5, y2: top + inner + 0.5, class: "axis",
  }));
  // Pressing on a bar and letting go on another selects the range between them.
  let dragFrom = null;
  const bars = [];
  const mark = (index) => {
    bars.forEach((bar, i) => bar.classList.toggle("in-range", index !== null && dragFrom !== null
      && i >= Math.min(dragFrom, index) && i <= Math.max(dragFrom, index)));
  };
  for (const type of ["pointerleave", "pointercancel"]) {
    chart.addEventListener(type, () => {
      dragFrom = null;
      mark(null);
    });
  }
  const labelEvery = Math.ceil(buckets.length / Math.max(3, Math.floor(width / 90)));
  buckets.forEach((bucket, index) => {
    const [from, to] = bucketRange(bucket.start, interval);
    const barHeight = bucket.count === 0 ? 0 : Math.max(2, (bucket.count / max) * inner);
    const barWidth = Math.min(56, Math.max(1, slot - gap));
    const x = left + index * slot + (slot - barWidth) / 2;
    const label = `${longLabel(bucket.start, interval)}: ${plural(bucket.count, "statement")}`;
    const bar = svg("g", {
      class: bucket.count ? "bar" : "bar bar-empty",
      role: "button",
      tabindex: bucket.count ? 0 : -1,
      "aria-label": bucket.count ? `${label}. Show only this ${interval}.` : label,
      "data-from": from,
      "data-to": to,
      "data-count": bucket.count,
    });
    const title = svg("title");
    title.textContent = label;
    bar.append(title);
    // A full-height hit area, so that a short bar is as easy to click as a tall one.
    bar.append(svg("rect", { x: left + index * slot, y: top, width: slot, height: inner, class: "hit" }));
    bar.append(svg("rect", {
      x, y: top + inner - barHeight, width: barWidth, height: barHeight, rx: 2, class: "fill",
    }));
    if (bucket.count && buckets.length <= 24) {
      const value = svg("text", { x: x + barWidth / 2, y: top + inner - barHeight - 4, class: "value", "text-anchor": "middle", "aria-hidden": "true" });
      value.textContent = bucket.count;
      bar.append(value);
    }
    if (index % labelEvery === 0) {
      const text = svg("text", { x: x + barWidth / 2, y: height - 8, class: "tick", "text-anchor": "middle" });
      text.textContent = shortLabel(bucket.start, interval);
      bar.append(text);
    }
    bar.addEventListener("pointerdown", (event) => {
      event.preventDefault();
      dragFrom = index;
      mark(index);
    });
    bar.addEventListener("pointerenter", () => {
      if (dragFrom !== null) mark(index);
    });
    bar.addEventListener("pointerup", () => {
      if (dragFrom === null) return;
      const [first, last] = [Math.min(dragFrom, index), Math.max(dragFrom, index)];
      dragFrom = null;
      mark(null);
      if (buckets.slice(first, last + 1).some((b) => b.count)) {
        choose(bucketRange(buckets[first].start, interval)[0], bucketRange(buckets[last].start, interval)[1]);
      }
    });
    if (bucket.count) {
      bar.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          choose(from, to);
        }
      });
    }
    bars.push(bar);
    chart.append(bar);
  });
  container.append(chart);
}

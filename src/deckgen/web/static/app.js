// The page of `deckgen serve`: draws /slides.json, follows /events, keeps the selected slide.
// Every text from the deck goes in through textContent: a deck cannot inject markup.
"use strict";

const $ = (id) => document.getElementById(id);
const page = {
  state: null, // the last /slides.json
  selected: null, // the id of the selected slide
  thumbs: new Map(), // slide id -> its button
  shape: "", // the slides' ids and sections, to know when the grid must be rebuilt
  fresh: [], // numbers of the slides whose picture changed in the last update
  offline: false,
};

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function duration(seconds) {
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole} s`;
  const minutes = Math.floor(whole / 60);
  const rest = whole % 60;
  return rest ? `${minutes} min ${rest} s` : `${minutes} min`;
}

function sections(slides) {
  const groups = [];
  for (const slide of slides) {
    const last = groups[groups.length - 1];
    if (last && last.title === slide.section) last.slides.push(slide);
    else groups.push({ title: slide.section, slides: [slide] });
  }
  return groups;
}

// --- drawing ---------------------------------------------------------------------------------

function drawHeader(state) {
  const title = $("deck-title");
  title.textContent = state.deck.title || state.deck.file;
  title.lang = state.deck.lang;
  document.title = `${state.deck.title || state.deck.file} · deckgen serve`;
  const total = state.slides.reduce((sum, slide) => sum + slide.seconds, 0);
  const count = `${state.slides.length} slide${state.slides.length === 1 ? "" : "s"}`;
  $("deck-meta").textContent = total ? `${count} · about ${duration(total)} of notes` : count;
  const [width, height] = state.deck.size;
  document.documentElement.style.setProperty("--aspect", `${width} / ${height}`);
  document.documentElement.style.setProperty("--aspect-number", `${width / height}`);
}

function problemList(problems) {
  const list = element("ul");
  for (const problem of problems) {
    const item = element("li");
    if (problem.where) {
      item.append(element("span", "where", problem.where), `: ${problem.message}`);
    } else {
      item.textContent = problem.message;
    }
    list.append(item);
  }
  return list;
}

function drawProblems(state) {
  const box = $("problems");
  const parts = [];
  if (page.offline) {
    const banner = element("section", "banner offline");
    banner.append(element("h2", "", "Disconnected from deckgen serve: reconnecting…"));
    parts.push(banner);
  }
  if (state.edited) {
    // The .pptx was edited (in PowerPoint, say) since deckgen wrote it: how to keep the edits.
    const banner = element("section", "banner edited");
    banner.setAttribute("role", "alert");
    banner.append(element("h2", "", state.edited.message));
    const way = element("p", "", "To bring them back into the deck: ");
    way.append(element("code", "", state.edited.command));
    banner.append(way);
    parts.push(banner);
  }
  if (state.errors.length) {
    const banner = element("section", "banner errors");
    banner.setAttribute("role", "alert");
    const count = `${state.errors.length} error${state.errors.length === 1 ? "" : "s"}`;
    const kept = state.slides.length ? "showing the last good slides" : "nothing built yet";
    banner.append(element("h2", "", `${state.deck.file} has ${count}: ${kept}`));
    banner.append(problemList(state.errors));
    parts.push(banner);
  }
  if (state.warnings.length) {
    const banner = element("details", "banner warnings");
    const count = `${state.warnings.length} warning${state.warnings.length === 1 ? "" : "s"}`;
    banner.append(element("summary", "", count), problemList(state.warnings));
    banner.open = box.querySelector("details.warnings")?.open ?? false;
    parts.push(banner);
  }
  box.replaceChildren(...parts);
}

function buildGrid(state) {
  const grid = $("grid");
  page.thumbs.clear();
  const nodes = [];
  for (const group of sections(state.slides)) {
    const block = element("section", "group");
    if (group.title) {
      const head = element("h2", "group-head");
      head.lang = state.deck.lang;
      const seconds = group.slides.reduce((sum, slide) => sum + slide.seconds, 0);
      head.append(element("span", "", group.title));
      if (seconds) head.append(element("span", "time", duration(seconds)));
      block.append(head);
    }
    const thumbs = element("div", "thumbs");
    for (const slide of group.slides) {
      const button = element("button", "thumb");
      button.type = "button";
      button.dataset.id = slide.id;
      button.tabIndex = -1;
      const pic = element("span", "pic");
      const caption = element("span", "caption");
      caption.lang = state.deck.lang;
      caption.append(element("span", "num"), element("span", "t"), element("span", "time"));
      button.append(pic, caption);
      button.addEventListener("click", () => select(slide.id, { focus: true }));
      page.thumbs.set(slide.id, button);
      thumbs.append(button);
    }
    block.append(thumbs);
    nodes.push(block);
  }
  grid.replaceChildren(...nodes);
}

function drawThumb(button, slide, fresh) {
  const pic = button.querySelector(".pic");
  let img = pic.querySelector("img");
  if (slide.thumb) {
    if (!img) {
      pic.querySelector(".placeholder")?.remove();
      img = element("img");
      img.alt = "";
      pic.prepend(img);
    }
    if (img.getAttribute("src") !== slide.thumb) img.src = slide.thumb;
  } else if (!pic.querySelector(".placeholder")) {
    img?.remove();
    pic.prepend(element("span", "placeholder"));
  }
  button.querySelector(".num").textContent = slide.n;
  button.querySelector(".t").textContent = slide.title;
  button.querySelector(".time").textContent = slide.seconds ? duration(slide.seconds) : "";
  button.setAttribute("aria-label", `Slide ${slide.n}: ${slide.title}`);

  if (fresh) {
    button.classList.remove("fresh");
    void button.offsetWidth; // restart the animation
    button.classList.add("fresh");
  }
}

function drawStage(state) {
  const slide = state.slides.find((s) => s.id === page.selected);
  const image = $("stage-image");
  const picture = slide && (slide.png || slide.thumb); // the thumbnail until the full picture
  if (!slide) {
    image.removeAttribute("src");
    $("stage-title").textContent = "";
    $("stage-meta").textContent = "";
    $("stage-notes").textContent = "";
    return;
  }
  if (picture) {
    if (image.getAttribute("src") !== picture) image.src = picture;
    image.alt = `Slide ${slide.n}: ${slide.title}`;
  } else {
    image.removeAttribute("src");
  }
  $("stage-pending").hidden = Boolean(picture);
  const meta = $("stage-meta");
  const bits = [`Slide ${slide.n} of ${state.slides.length}`];
  if (slide.section) bits.push(slide.section);
  if (slide.seconds) bits.push(`about ${duration(slide.seconds)} to say`);
  meta.replaceChildren();
  bits.forEach((bit, i) => {
    if (i) meta.append(element("span", "sep", "·"));
    meta.append(element("span", "", bit));
  });
  meta.lang = state.deck.lang;
  const title = $("stage-title");
  title.textContent = slide.title;
  title.lang = state.deck.lang;
  const notes = $("stage-notes");
  notes.lang = state.deck.lang;
  notes.textContent = slide.notes || "No speaker notes.";
  notes.classList.toggle("empty", !slide.notes);
}

function drawStatus(state) {
  const status = $("status");
  status.replaceChildren();
  if (page.offline) {
    status.dataset.state = "offline";
    status.append("Disconnected");
  } else if (state.rendering) {
    status.dataset.state = "busy";
    status.append(`Rendering ${state.rendering} slide${state.rendering === 1 ? "" : "s"}…`);
  } else if (state.errors.length) {
    status.dataset.state = "error";
    status.append("Errors in the deck");
  } else {
    status.dataset.state = "ok";
    if (page.fresh.length) {
      const first = page.fresh[0];
      const more = page.fresh.length > 1 ? ` and ${page.fresh.length - 1} more` : "";
      const jump = element("button", "", `Slide ${first} updated${more}`);
      jump.type = "button";
      jump.addEventListener("click", () => {
        const slide = page.state.slides[first - 1];
        if (slide) select(slide.id, { focus: true });
      });
      status.append(jump);
    } else {
      status.append("Up to date");
    }
  }
}

function draw(state) {
  const before = page.state;
  const shape = state.slides.map((s) => `${s.id}\u0000${s.section}`).join("\u0001");
  if (shape !== page.shape) {
    buildGrid(state);
    page.shape = shape;
  }
  const previous = new Map((before?.slides || []).map((s) => [s.id, s.thumb]));
  const fresh = [];
  for (const slide of state.slides) {
    const old = previous.get(slide.id);
    const changed = Boolean(old && slide.thumb && old !== slide.thumb);
    if (changed) fresh.push(slide.n);
    drawThumb(page.thumbs.get(slide.id), slide, changed);
  }
  // "Slide N updated" names what the last build changed, as its pictures arrive.
  if (!before || state.build !== before.build) page.fresh = fresh;
  else page.fresh = [...new Set([...page.fresh, ...fresh])].sort((a, b) => a - b);
  page.state = state;
  if (!state.slides.some((s) => s.id === page.selected)) {
    // The selected slide is gone: keep the place it had.
    const index = before ? before.slides.findIndex((s) => s.id === page.selected) : 0;
    const kept = state.slides[Math.min(Math.max(index, 0), state.slides.length - 1)];
    page.selected = kept ? kept.id : null;
  }
  drawHeader(state);
  drawProblems(state);
  drawStatus(state);
  select(page.selected); // kept in view: a banner above may have moved it
}

// --- selection and keys ----------------------------------------------------------------------

function select(id, { focus = false, scroll = true } = {}) {
  if (id === null || !page.state) return;
  page.selected = id;
  for (const [key, button] of page.thumbs) {
    const chosen = key === id;
    button.setAttribute("aria-current", chosen ? "true" : "false");
    button.tabIndex = chosen ? 0 : -1;
  }
  const button = page.thumbs.get(id);
  if (button) {
    if (focus) button.focus({ preventScroll: true });
    if (focus || scroll) button.scrollIntoView({ block: "nearest" });
  }
  drawStage(page.state);
}

function neighbour(button, direction) {
  // The slide in the row above or below, nearest the same column (rows run across sections).
  const here = button.getBoundingClientRect();
  const middle = here.left + here.width / 2;
  let best = null;
  let bestRow = Infinity;
  let bestSide = Infinity;
  for (const other of page.thumbs.values()) {
    const box = other.getBoundingClientRect();
    const gap = direction > 0 ? box.top - here.bottom : here.top - box.bottom;
    if (gap < -1) continue;
    const row = Math.round(gap);
    const side = Math.abs(box.left + box.width / 2 - middle);
    if (row < bestRow - 4 || (Math.abs(row - bestRow) <= 4 && side < bestSide)) {
      best = other;
      bestRow = Math.min(row, bestRow);
      bestSide = side;
    }
  }
  return best;
}

function move(event) {
  if (!page.state || !page.state.slides.length) return;
  if (event.altKey || event.ctrlKey || event.metaKey) return;
  const slides = page.state.slides;
  const index = Math.max(0, slides.findIndex((s) => s.id === page.selected));
  let target = null;
  switch (event.key) {
    case "ArrowRight":
    case "PageDown":
    case "j":
      target = slides[Math.min(index + 1, slides.length - 1)].id;
      break;
    case "ArrowLeft":
    case "PageUp":
    case "k":
      target = slides[Math.max(index - 1, 0)].id;
      break;
    case "Home":
      target = slides[0].id;
      break;
    case "End":
      target = slides[slides.length - 1].id;
      break;
    case "ArrowDown":
    case "ArrowUp": {
      const button = page.thumbs.get(page.selected);
      const found = button && neighbour(button, event.key === "ArrowDown" ? 1 : -1);
      target = found ? found.dataset.id : page.selected;
      break;
    }
    default:
      return;
  }
  event.preventDefault();
  select(target, { focus: true });
}

// --- following the server --------------------------------------------------------------------

let loading = null;
let again = false;

async function refresh() {
  if (loading) {
    again = true;
    return loading;
  }
  loading = (async () => {
    do {
      again = false;
      const answer = await fetch("/slides.json", { cache: "no-store" });
      if (answer.ok) draw(await answer.json());
    } while (again);
  })().finally(() => {
    loading = null;
  });
  return loading;
}

function follow() {
  const events = new EventSource("/events");
  events.addEventListener("state", () => {
    if (page.offline) {
      page.offline = false;
    }
    refresh();
  });
  events.addEventListener("error", () => {
    page.offline = true;
    if (page.state) {
      drawProblems(page.state);
      drawStatus(page.state);
    }
  });
}

document.addEventListener("keydown", move);
refresh().then(follow);

// The article view: click a quote to see its speaker; reviewers correct attributions with their token.
"use strict";

function activate(ordinal, scrollTo) {
  document.querySelectorAll(".active").forEach((el) => el.classList.remove("active"));
  const card = document.getElementById("att-" + ordinal);
  document.querySelectorAll('#text [data-a="' + ordinal + '"]').forEach((el) => el.classList.add("active"));
  if (!card) return;
  card.classList.add("active");
  const target = scrollTo === "text" ? document.getElementById("a" + ordinal) : scrollTo === "card" ? card : null;
  if (target) target.scrollIntoView({ block: "nearest", behavior: "smooth" });
}

async function correct(card, action) {
  const token = sessionStorage.getItem("newsgraph-token");
  const status = card.querySelector(".review-status");
  const url = "/api/articles/" + encodeURIComponent(card.dataset.doc) + "/attributions/" + card.dataset.a + "/" + action;
  let body = {};
  if (action === "speaker") {
    const given = window.prompt("The speaker: an entity id (person:jen-psaki) or a name");
    if (!given) return;
    body = /^[a-z]+:[\w-]+$/.test(given.trim()) ? { entity_id: given.trim() } : { name: given.trim() };
  }
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: "Bearer " + token },
    body: JSON.stringify(body),
  });
  if (response.ok) {
    window.location.reload();
  } else {
    status.textContent = response.status === 401 ? "token refused" : "failed (" + response.status + ")";
  }
}

function showReview(on) {
  document.querySelectorAll(".review-actions").forEach((el) => { el.hidden = !on; });
}

// The speaker page: merge a look-alike entity, or split an alias off, with the reviewer token.
async function review(path, body, status) {
  const response = await fetch("/api/speakers/" + path, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: "Bearer " + sessionStorage.getItem("newsgraph-token") },
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    status.textContent = response.status === 401 ? "token refused" : "failed (" + response.status + ")";
    return null;
  }
  return response.json();
}

function speakerReview() {
  const status = document.querySelector(".review .review-status");
  document.querySelectorAll("button[data-into]").forEach((button) => {
    button.addEventListener("click", async () => {
      const kept = await review("merge", { into: button.dataset.into, other: button.dataset.other }, status);
      if (kept) window.location.assign("/speakers/" + encodeURIComponent(kept.id));
    });
  });
  document.querySelectorAll("button[data-split]").forEach((button) => {
    button.addEventListener("click", async () => {
      const name = window.prompt("Move the quotes of " + JSON.stringify(button.dataset.split) + " to the entity named", button.dataset.split);
      if (!name) return;
      const body = { entity: button.dataset.entity, alias: button.dataset.split, into: name.trim() };
      if (await review("split", body, status)) window.location.reload();
    });
  });
}

function tokenForm() {
  const form = document.querySelector(".review");
  if (!form) return;
  const input = document.getElementById("token");
  form.hidden = false;
  form.addEventListener("submit", (event) => event.preventDefault());
  input.value = sessionStorage.getItem("newsgraph-token") || "";
  showReview(Boolean(input.value));
  input.addEventListener("change", () => {
    sessionStorage.setItem("newsgraph-token", input.value);
    showReview(Boolean(input.value));
  });
}

function articleView() {
  const text = document.getElementById("text");
  if (!text) return;
  text.addEventListener("click", (event) => {
    const piece = event.target.closest("[data-a]");
    if (piece) activate(piece.dataset.a, "card");
  });
  // A keyboard or a screen reader reaches each highlight; its card shows on focus, as on a tap.
  text.addEventListener("focusin", (event) => {
    const piece = event.target.closest("[data-a]");
    if (piece) activate(piece.dataset.a, "none");
  });
  document.querySelectorAll(".attribution").forEach((card) => {
    card.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-action]");
      if (button) {
        correct(card, button.dataset.action);
      } else if (!event.target.closest("a")) {
        activate(card.dataset.a, "text");
      }
    });
  });
  const hash = window.location.hash.match(/^#a(\d+)$/);
  if (hash) activate(hash[1], "card");
}

document.addEventListener("DOMContentLoaded", () => {
  tokenForm();
  articleView();
  speakerReview();
});

/** Suggest knowledge-base articles while a customer types the subject of a request. */
import { debounce } from "@web/core/utils/timing";

function renderSuggestions(box, articles) {
    const list = box.querySelector(".o_scrm_kb_suggestion_list");
    list.replaceChildren();
    for (const article of articles) {
        const item = document.createElement("li");
        item.className = "o_scrm_kb_suggestion";
        const link = document.createElement("a");
        link.href = article.url;
        link.target = "_blank";
        link.textContent = article.title;
        item.append(link);
        if (article.excerpt) {
            const excerpt = document.createElement("small");
            excerpt.className = "d-block text-muted";
            excerpt.textContent = article.excerpt;
            item.append(excerpt);
        }
        list.append(item);
    }
    box.classList.toggle("d-none", !articles.length);
}

async function suggest(input) {
    const form = input.closest("form");
    const box = form && form.querySelector(".o_scrm_kb_suggestions");
    if (!box) {
        return;
    }
    const query = input.value.trim();
    if (query.length < 3) {
        renderSuggestions(box, []);
        return;
    }
    const response = await fetch(`/service/kb/suggest?q=${encodeURIComponent(query)}`);
    renderSuggestions(box, response.ok ? await response.json() : []);
}

const debouncedSuggest = debounce(suggest, 250);
document.addEventListener("input", (event) => {
    if (event.target.matches && event.target.matches(".o_scrm_kb_subject")) {
        debouncedSuggest(event.target);
    }
});

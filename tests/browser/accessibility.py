"""What the browser tests check of a screen for everyone: axe-core's serious and critical
violations (through axe-playwright-python, which bundles axe-core), sideways scrolling at the
viewport's width, and a visible focus on the control the keyboard reached."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

SERIOUS = {"serious", "critical"}

_axe = Axe()


def serious_violations(page: Page) -> list[str]:
    """axe-core's serious and critical violations on the page as shown, each as its rule, what it
    asks for and the elements that break it."""
    results = _axe.run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(" ".join(node["target"]) for node in violation["nodes"])
        for violation in results.response["violations"]
        if violation["impact"] in SERIOUS
    ]


def sideways_overflow(page: Page) -> int:
    """How many pixels the page is wider than the viewport (0 when nothing scrolls sideways)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def focus_indicator(page: Page) -> dict:
    """The element that has the keyboard's focus, whether it lies in the side menu, and the outline
    seen around it, or around the Material field or box that stands for it (``none`` when there is
    none, or when the element is transparent and nothing beside it shows one)."""
    return page.evaluate(
        """() => {
            const outlineOf = (shown) => {
                const style = getComputedStyle(shown);
                return style.outlineStyle === "none" || parseFloat(style.outlineWidth) === 0 || style.opacity === "0"
                    ? "none" : `${style.outlineWidth} ${style.outlineStyle} ${style.outlineColor}`;
            };
            const element = document.activeElement;
            let outline = outlineOf(element);
            // A Material checkbox or radio button: its input is hidden under the box drawn beside it.
            if (getComputedStyle(element).opacity === "0") {
                const box = [...element.parentElement.children].find((sibling) => outlineOf(sibling) !== "none");
                if (box) outline = outlineOf(box);
            }
            // A Material text field: the field around its input.
            const field = element.closest(".mdc-text-field");
            if (outline === "none" && field) outline = outlineOf(field);
            return {
                element: element.outerHTML.slice(0, 120),
                inMenu: !!element.closest(".vf-page__menu"),
                outline: outline,
            };
        }"""
    )

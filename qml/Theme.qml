// SPDX-License-Identifier: MIT
pragma Singleton
import QtQuick
import Switchyard.App

// The palette, type scale and spacing every screen uses. Light and dark follow
// Preferences.dark (the system's palette unless the user picked one).
QtObject {
    readonly property bool dark: Preferences.dark

    // Surfaces
    readonly property color window: dark ? "#0e1014" : "#f5f6f8"
    readonly property color sidebar: dark ? "#12151a" : "#fbfbfc"
    readonly property color surface: dark ? "#171a20" : "#ffffff"
    readonly property color surfaceRaised: dark ? "#1d2128" : "#ffffff"
    readonly property color surfaceSunken: dark ? "#121419" : "#f3f4f7"
    readonly property color hover: dark ? "#222731" : "#eef0f4"
    readonly property color border: dark ? "#262b34" : "#e4e7ec"
    readonly property color borderStrong: dark ? "#343a46" : "#d0d5dd"

    // Text
    readonly property color text: dark ? "#e9ebef" : "#101828"
    readonly property color textMuted: dark ? "#a0a7b4" : "#475467"
    readonly property color textFaint: dark ? "#6f7785" : "#8a93a3"

    // Accent and states
    readonly property color accent: dark ? "#8b93ff" : "#4f46e5"
    readonly property color accentHover: dark ? "#a3a9ff" : "#4338ca"
    readonly property color accentFill: dark ? "#6366f1" : "#4f46e5" // filled buttons: white text stays readable
    readonly property color accentFillHover: dark ? "#7477f5" : "#4338ca"
    readonly property color accentSoft: dark ? "#262a4d" : "#eef0ff"
    readonly property color accentText: "#ffffff"
    readonly property color success: dark ? "#34d399" : "#059669"
    readonly property color successSoft: dark ? "#133326" : "#e7f8f0"
    readonly property color warning: dark ? "#fbbf24" : "#b45309"
    readonly property color warningSoft: dark ? "#3a2d10" : "#fff6e5"
    readonly property color danger: dark ? "#f87171" : "#dc2626"
    readonly property color dangerSoft: dark ? "#3b1717" : "#fdecec"

    // Chart series
    readonly property color chartRequests: accent
    readonly property color chartLatency: dark ? "#f59e0b" : "#d97706"
    readonly property color chartGrid: dark ? "#222730" : "#eef0f3"

    // Type
    readonly property string fontFamily: "Inter"
    readonly property string monoFamily: "DejaVu Sans Mono"
    readonly property string iconFamily: "Material Icons"
    readonly property int captionSize: 11
    readonly property int smallSize: 12
    readonly property int bodySize: 13
    readonly property int subtitleSize: 15
    readonly property int titleSize: 22
    readonly property int figureSize: 24

    // Spacing and shape
    readonly property int gap: 16
    readonly property int pagePadding: 28
    readonly property int cardPadding: 20
    readonly property int radius: 10
    readonly property int radiusSmall: 6
    readonly property int controlHeight: 34
    readonly property int sidebarWidth: 212

    // Tones for badges and dots: "ok", "warning", "error", "accent", anything else is neutral.
    function toneColor(tone: string): color {
        switch (tone) {
        case "ok": return success
        case "warning": return warning
        case "error": return danger
        case "accent": return accent
        default: return textFaint
        }
    }
    function toneSoft(tone: string): color {
        switch (tone) {
        case "ok": return successSoft
        case "warning": return warningSoft
        case "error": return dangerSoft
        case "accent": return accentSoft
        default: return hover
        }
    }
}

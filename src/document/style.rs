//! The resolved house style, in points: the one set of numbers every renderer maps.
//!
//! The DOCX writes these as Word styles (half-points, twips), the PDF layout lays out
//! with them, the HTML writes them as CSS. No renderer keeps a size, colour, margin or
//! placement of its own, so a letter looks the same in Word, in the PDF and in the
//! browser, and a municipality's house style changes all three at once.
//!
//! Spacing is additive, as in Word and LibreOffice: the space between two blocks is the
//! first one's `space_after` plus the second one's `space_before`.

use super::Rgb;

/// Points per centimetre.
pub const PT_PER_CM: f64 = 72.0 / 2.54;

/// A whole house style, resolved: nothing in it is optional or left to a renderer.
#[derive(Debug, Clone, PartialEq)]
pub struct HouseStyle {
    pub page: PageGeometry,
    /// The font families the roles are set in, as Word names them ("Arial"); a role
    /// names one by [`FamilyId`]. The first is the body font and always present. The PDF
    /// embeds a file for each family it uses.
    pub families: Vec<String>,
    /// Font files and folders (`lettertypen`) the families are looked for in first,
    /// already joined to the region file's folder; the PDF embeds from them.
    pub font_files: Vec<std::path::PathBuf>,
    pub colors: Colors,
    pub body: TextRole,
    pub title: TextRole,
    pub subtitle: TextRole,
    /// Heading 1 to 3.
    pub headings: [TextRole; 3],
    pub lists: ListStyle,
    pub table: TableStyle,
    pub fields: FieldStyle,
    pub toc: TocStyle,
    pub header: Furniture,
    pub footer: Furniture,
    pub logo: LogoStyle,
    pub watermark: Watermark,
    /// The municipality's address line at the foot of every page, on the left (the
    /// footer text keeps its own alignment); empty for none.
    pub address: String,
    pub signatures: SignatureStyle,
    /// A Word template's own header and footer, drawn instead of the header line and
    /// footer text above; shared, since every letter of a municipality carries them.
    pub bands: Option<std::sync::Arc<super::page_bands::PageBands>>,
    /// The municipality's Word template (`huisstijl.sjabloon`), checked: the DOCX is
    /// built on its package. Shared, as one template serves many letters.
    pub base: Option<std::sync::Arc<super::word_base::WordBase>>,
}

/// The closing block of a letter: the sender's line, then the signers side by side,
/// each column an equal share of the text width.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SignatureStyle {
    /// Space above the sender's line, setting the block off from the last section.
    pub space_before: f64,
    /// Between the sender's line and the signers' functions.
    pub gap: f64,
    /// Room for a handwritten signature, between a signer's function and name.
    pub signature_space: f64,
    /// Height of a scanned signature, drawn in that room on the name; less than the
    /// room, so Word's line, which adds the font's descent under an inline picture,
    /// still fits it and the names of all columns stay level.
    pub image_height: f64,
}

/// The diagonal "CONCEPT" across every page of a draft.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Watermark {
    /// Font size of the word, in bold.
    pub size: f64,
    /// Counter-clockwise from the baseline, in radians: the page's diagonal.
    pub angle: f64,
}

/// Paper and margins.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageGeometry {
    pub width: f64,
    pub height: f64,
    pub margin_top: f64,
    pub margin_right: f64,
    pub margin_bottom: f64,
    pub margin_left: f64,
    /// From the top edge to the top of the header (Word's `w:header`).
    pub header_distance: f64,
    /// From the bottom edge to the bottom of the footer (Word's `w:footer`).
    pub footer_distance: f64,
}

impl PageGeometry {
    pub fn text_width(&self) -> f64 {
        self.width - self.margin_left - self.margin_right
    }

    pub fn text_height(&self) -> f64 {
        self.height - self.margin_top - self.margin_bottom
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Colors {
    /// Body text.
    pub text: Rgb,
    /// Labels, subtitle, header and footer.
    pub muted: Rgb,
    /// Headings, the title, rules above tables.
    pub accent: Rgb,
    pub link: Rgb,
    /// Thin rules: table grid, the line under the header.
    pub rule: Rgb,
    /// "CONCEPT" in the header.
    pub draft: Rgb,
    /// The diagonal "CONCEPT" across a draft's pages.
    pub watermark: Rgb,
    /// Behind an open field (`[in te vullen: …]`): Word's yellow highlight, the one
    /// colour `w:highlight` and a PDF fill and HTML's `mark` can all show alike.
    pub open_field: Rgb,
}

/// Which of [`HouseStyle::families`] a role is set in. An index rather than a name so
/// that a role stays `Copy` and two roles in one family are seen to share it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct FamilyId(pub u8);

impl FamilyId {
    /// The body font, `families[0]`.
    pub const BODY: FamilyId = FamilyId(0);
}

/// How text of one role is set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextRole {
    /// The font family, in [`HouseStyle::families`].
    pub family: FamilyId,
    pub size: f64,
    pub bold: bool,
    pub italic: bool,
    pub color: Rgb,
    /// Baseline-to-baseline distance, in points (at least; larger inline text grows it).
    pub line_height: f64,
    pub space_before: f64,
    pub space_after: f64,
    pub align: Align,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
    Justify,
}

/// Where a picture stands in its band.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Left,
    Right,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ListStyle {
    /// Space after each item's paragraph (a list's last item gets the body's).
    pub item_gap: f64,
    /// Where the item text starts, from the label's left edge (the hanging indent);
    /// wider labels push it further.
    pub indent: f64,
    /// How far a nested list is indented relative to its parent's text.
    pub nested_indent: f64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TableStyle {
    pub text: TextRole,
    /// The header row: repeated on every page a table runs onto.
    pub header: TextRole,
    pub header_fill: Rgb,
    /// Cell padding left/right and top/bottom.
    pub pad_x: f64,
    pub pad_y: f64,
    /// The grid between cells.
    pub rule_width: f64,
    /// The stronger rule above the table, in the accent colour.
    pub top_rule_width: f64,
    /// Space after the whole table.
    pub space_after: f64,
}

/// The label/value blocks of a letter (addressing and metadata).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FieldStyle {
    /// Labels of inline fields ("Van", "Aan") in their own column.
    pub label: TextRole,
    /// Labels of stacked fields ("Onderwerp" above its value).
    pub stacked_label: TextRole,
    pub value: TextRole,
    pub label_width: f64,
    /// Space after the whole block.
    pub space_after: f64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TocStyle {
    /// Entries of level 1; deeper levels are the same in regular weight.
    pub entry: TextRole,
    /// Indent per level below the first.
    pub indent: f64,
    /// Extra space before each level-1 entry but the first, grouping the chapters.
    pub group_gap: f64,
    /// Space after the whole table of contents.
    pub space_after: f64,
}

/// Header or footer: text, where it stands, the rule that separates it from the body.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Furniture {
    pub text: TextRole,
    /// A thin rule between the band and the body text.
    pub rule: bool,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LogoStyle {
    pub side: Side,
    /// The logo's height in the header; a wide logo is narrowed to `max_width`.
    pub height: f64,
    pub max_width: f64,
    /// A width the house style asks for: the logo is that wide, its height follows.
    pub width: Option<f64>,
}

impl LogoStyle {
    /// The logo's size for an image of `width_px` × `height_px`: the house style's
    /// width if it names one; otherwise `height` tall unless that makes it wider than
    /// `max_width`. A portrait logo (a coat of arms) gets up to twice the height, so that
    /// it keeps about the area of a landscape one instead of shrinking to a sliver.
    pub fn size(&self, width_px: u32, height_px: u32) -> (f64, f64) {
        let (w, h) = (f64::from(width_px), f64::from(height_px));
        let ratio = if w > 0.0 && h > 0.0 { w / h } else { 1.0 };
        if let Some(width) = self.width.filter(|w| w.is_finite() && *w > 0.0) {
            return (width, width / ratio);
        }
        let portrait = if ratio < 1.0 {
            (1.0 / ratio.sqrt()).min(2.0)
        } else {
            1.0
        };
        let height = self.height.max(0.0) * portrait;
        let width = height * ratio;
        if width > self.max_width {
            (self.max_width, self.max_width / ratio)
        } else {
            (width, height)
        }
    }
}

/// Space between the header's content and the rule under it.
pub const HEADER_RULE_GAP: f64 = 4.0;
/// Space between the header band (its rule) and the first line of body text.
pub const HEADER_GAP: f64 = 10.0;

/// The heading colour when a house style names none: a sober dark blue.
pub const DEFAULT_ACCENT: Rgb = Rgb(0x1F, 0x3A, 0x5F);
/// Arial in Word; the PDF embeds the metric-compatible Liberation Sans.
pub const DEFAULT_FONT: &str = "Arial";

/// The body text size of the built-in style, in points.
pub const DEFAULT_BODY_SIZE: f64 = 10.5;

impl Default for HouseStyle {
    /// raadsbrief's own look: A4, 2.5 cm margins, Arial 10.5 pt, headings in the accent.
    fn default() -> HouseStyle {
        HouseStyle::with_accent(DEFAULT_ACCENT)
    }
}

impl HouseStyle {
    /// The built-in style with another accent colour: headings, title and the rule above
    /// tables follow it; the table header is a light tint of it.
    pub fn with_accent(accent: Rgb) -> HouseStyle {
        HouseStyle::built_in(accent, DEFAULT_BODY_SIZE)
    }

    /// The built-in style with an accent colour and a body text size: body, lists,
    /// fields and the table of contents are set in `body_size`, tables a point smaller,
    /// the last heading level at body size; the title and the larger headings keep
    /// their sizes unless the body would outgrow them.
    pub fn built_in(accent: Rgb, body_size: f64) -> HouseStyle {
        let body_size = if body_size.is_finite() {
            body_size.clamp(6.0, 24.0)
        } else {
            DEFAULT_BODY_SIZE
        };
        let text = Rgb(0x1A, 0x1A, 0x1A);
        let muted = Rgb(0x59, 0x59, 0x59);
        let margin = 2.5 * PT_PER_CM;
        let role = |size: f64, leading: f64, color: Rgb| TextRole {
            family: FamilyId::BODY,
            size,
            bold: false,
            italic: false,
            color,
            line_height: size * leading,
            space_before: 0.0,
            space_after: 0.0,
            align: Align::Left,
        };
        let body = TextRole {
            space_after: 7.0,
            ..role(body_size, 1.35, text)
        };
        let heading = |size: f64, before: f64, after: f64| TextRole {
            bold: true,
            space_before: before,
            space_after: after,
            ..role(size, 1.25, accent)
        };
        let table_text = role(body_size - 1.0, 1.3, text);
        let furniture = role(8.5, 1.25, muted);
        HouseStyle {
            page: PageGeometry {
                width: 21.0 * PT_PER_CM,
                height: 29.7 * PT_PER_CM,
                margin_top: margin,
                margin_right: margin,
                margin_bottom: margin,
                margin_left: margin,
                header_distance: 0.9 * PT_PER_CM,
                footer_distance: 0.9 * PT_PER_CM,
            },
            families: vec![DEFAULT_FONT.to_owned()],
            font_files: Vec::new(),
            colors: Colors {
                text,
                muted,
                accent,
                link: Rgb(0x05, 0x63, 0xC1),
                rule: Rgb(0xBF, 0xBF, 0xBF),
                draft: Rgb(0xC0, 0x1F, 0x1F),
                watermark: Rgb(0xE3, 0xE3, 0xE3),
                open_field: Rgb(0xFF, 0xFF, 0x00),
            },
            body,
            title: TextRole {
                bold: true,
                space_after: 4.0,
                ..role(20f64.max(body_size * 1.9), 1.2, accent)
            },
            subtitle: TextRole {
                space_after: 16.0,
                ..role(13f64.max(body_size * 1.25), 1.3, muted)
            },
            headings: [
                heading(14f64.max(body_size * 1.33), 9.0, 5.0),
                heading(12f64.max(body_size * 1.15), 6.0, 4.0),
                heading(body_size, 4.0, 3.0),
            ],
            lists: ListStyle {
                item_gap: 2.5,
                indent: 18.0,
                nested_indent: 0.0,
            },
            table: TableStyle {
                text: table_text,
                header: TextRole {
                    bold: true,
                    ..table_text
                },
                header_fill: tint(accent, 0.14),
                pad_x: 4.0,
                pad_y: 3.0,
                rule_width: 0.5,
                top_rule_width: 1.0,
                space_after: 10.0,
            },
            fields: FieldStyle {
                label: TextRole {
                    color: muted,
                    space_after: 1.5,
                    ..body
                },
                stacked_label: TextRole {
                    bold: true,
                    space_before: 6.0,
                    space_after: 0.0,
                    ..body
                },
                value: TextRole {
                    space_after: 1.5,
                    ..body
                },
                label_width: 3.5 * PT_PER_CM,
                space_after: 12.0,
            },
            toc: TocStyle {
                entry: TextRole {
                    space_after: 1.5,
                    ..body
                },
                indent: 14.0,
                group_gap: 3.5,
                space_after: 13.0,
            },
            header: Furniture {
                text: furniture,
                rule: true,
            },
            footer: Furniture {
                text: TextRole {
                    align: Align::Right,
                    ..furniture
                },
                rule: false,
            },
            logo: LogoStyle {
                side: Side::Right,
                height: 30.0,
                max_width: 150.0,
                width: None,
            },
            watermark: Watermark {
                size: 110.0,
                angle: (29.7f64).atan2(21.0),
            },
            address: String::new(),
            signatures: SignatureStyle {
                space_before: 18.0,
                gap: 12.0,
                signature_space: 42.0,
                image_height: 36.0,
            },
            bands: None,
            base: None,
        }
    }

    /// The same style with body text justified (`uitvullen`) or aligned left.
    pub fn justified(mut self, on: bool) -> HouseStyle {
        self.body.align = if on { Align::Justify } else { Align::Left };
        self
    }

    /// The body font's family name.
    pub fn body_font(&self) -> &str {
        self.family(FamilyId::BODY)
    }

    /// A role's family name; an id past the list (never made by the resolver) falls
    /// back to the body font rather than failing a render.
    pub fn family(&self, id: FamilyId) -> &str {
        self.families
            .get(usize::from(id.0))
            .or_else(|| self.families.first())
            .map_or(DEFAULT_FONT, String::as_str)
    }

    /// The id of `name` among the families, added if it is new: how a resolver gives a
    /// role its own font.
    pub fn family_id(&mut self, name: &str) -> FamilyId {
        if let Some(i) = self.families.iter().position(|f| f == name) {
            return FamilyId(i as u8);
        }
        if self.families.len() >= usize::from(u8::MAX) {
            return FamilyId::BODY;
        }
        self.families.push(name.to_owned());
        FamilyId((self.families.len() - 1) as u8)
    }

    /// Heading 1 to 3; deeper levels are set as heading 3.
    pub fn heading(&self, level: u8) -> &TextRole {
        let i = usize::from(level.clamp(1, 3)) - 1;
        &self.headings[i]
    }

    /// The header band's height: the taller of the logo and one line of header text.
    pub fn header_height(&self, logo: Option<(u32, u32)>) -> f64 {
        let logo = logo.map_or(0.0, |(w, h)| self.logo.size(w, h).1);
        logo.max(self.header.text.line_height)
    }

    /// Where the body text starts: the top margin, or lower when the header (with the
    /// logo of `logo`'s pixel size, and the rule under it) would reach into it. Word
    /// pushes the body down by itself there but LibreOffice lets them overlap, so both
    /// renderers set this as the margin.
    pub fn body_top(&self, logo: Option<(u32, u32)>) -> f64 {
        let header_end =
            self.page.header_distance + self.header_height(logo) + HEADER_RULE_GAP + HEADER_GAP;
        self.page.margin_top.max(header_end)
    }
}

/// `c` mixed with white: `amount` 0 is white, 1 is `c`.
pub fn tint(c: Rgb, amount: f64) -> Rgb {
    let mix = |v: u8| {
        (255.0 - (255.0 - f64::from(v)) * amount)
            .round()
            .clamp(0.0, 255.0) as u8
    };
    Rgb(mix(c.0), mix(c.1), mix(c.2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a4_with_the_text_area_inside_the_margins() {
        let s = HouseStyle::default();
        assert!((s.page.width - 595.276).abs() < 0.01);
        assert!((s.page.height - 841.89).abs() < 0.01);
        assert!((s.page.text_width() - (595.276 - 2.0 * 70.866)).abs() < 0.01);
    }

    #[test]
    fn the_header_fits_above_the_text() {
        let s = HouseStyle::default();
        // A square logo is as tall as the style says, and the header band, rule included,
        // ends above the first line of body text.
        let h = s.header_height(Some((100, 100)));
        assert_eq!(h, s.logo.height);
        assert!(s.page.header_distance + h + 4.0 < s.page.margin_top);
    }

    #[test]
    fn wide_logos_are_narrowed_portrait_logos_grow_taller() {
        let logo = HouseStyle::default().logo;
        assert_eq!(logo.size(1000, 100), (150.0, 15.0));
        assert_eq!(logo.size(200, 100), (60.0, 30.0));
        // 1:3 portrait: √3 times as tall (same area as a square logo), not a sliver.
        let (w, h) = logo.size(100, 300);
        assert!((h - logo.height * 3f64.sqrt()).abs() < 1e-9, "{h}");
        assert!((w - h / 3.0).abs() < 1e-9);
        // Very narrow: at most twice as tall.
        assert_eq!(logo.size(100, 1000).1, 2.0 * logo.height);
        // A width the house style names wins.
        let wide = LogoStyle {
            width: Some(85.0),
            ..logo
        };
        assert_eq!(wide.size(100, 50), (85.0, 42.5));
    }

    #[test]
    fn tints_mix_with_white() {
        assert_eq!(tint(Rgb(0, 0, 0), 0.0), Rgb(255, 255, 255));
        assert_eq!(tint(Rgb(0, 0, 0), 1.0), Rgb(0, 0, 0));
        assert_eq!(tint(Rgb(0, 100, 200), 0.5), Rgb(128, 178, 228));
    }
}

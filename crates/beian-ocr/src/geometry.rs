//! Boxes of text: minimum-area rectangles, their expansion (DB "unclip"), and the crop of a box
//! into an upright strip for the recogniser.

use image::{Rgb, RgbImage};
use imageproc::geometric_transformations::{Border, Interpolation, Projection, warp_into};
use imageproc::point::Point;

pub type Quad = [[f32; 2]; 4];

fn dist(a: [f32; 2], b: [f32; 2]) -> f32 {
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt()
}

/// The minimum-area rectangle around `points`, as (corners ordered tl, tr, br, bl; short side).
/// imageproc rounds the corners outwards to whole pixels (OpenCV keeps fractions): a box is at most
/// a pixel larger on each side than OpenCV's, which the recogniser does not notice.
pub fn min_area_box(points: &[Point<f32>]) -> Option<(Quad, f32)> {
    if points.is_empty() {
        return None;
    }
    let rect = imageproc::geometry::min_area_rect(points);
    let quad = order_clockwise(rect.map(|p| [p.x, p.y]));
    let w = dist(quad[0], quad[1]);
    let h = dist(quad[0], quad[3]);
    Some((quad, w.min(h)))
}

/// Orders four corners as top-left, top-right, bottom-right, bottom-left (RapidOCR's
/// `order_points_clockwise`: the two left-most points are the left side, each side sorted by y).
pub fn order_clockwise(mut pts: Quad) -> Quad {
    pts.sort_by(|a, b| a[0].total_cmp(&b[0]));
    let (mut left, mut right) = ([pts[0], pts[1]], [pts[2], pts[3]]);
    left.sort_by(|a, b| a[1].total_cmp(&b[1]));
    right.sort_by(|a, b| a[1].total_cmp(&b[1]));
    [left[0], right[0], right[1], left[1]]
}

/// DB's unclip: offsets the rectangle outwards by `area × ratio / perimeter`. The rounded offset of a
/// rectangle has as its minimum-area rectangle the rectangle grown by that distance on every side.
pub fn unclip(quad: Quad, ratio: f32) -> Quad {
    let w = dist(quad[0], quad[1]);
    let h = dist(quad[0], quad[3]);
    if w <= 0.0 || h <= 0.0 {
        return quad;
    }
    let d = w * h * ratio / (2.0 * (w + h));
    // unit vectors along the top edge and the left edge
    let ux = [(quad[1][0] - quad[0][0]) / w, (quad[1][1] - quad[0][1]) / w];
    let uy = [(quad[3][0] - quad[0][0]) / h, (quad[3][1] - quad[0][1]) / h];
    let grow =
        |p: [f32; 2], sx: f32, sy: f32| [p[0] + d * (sx * ux[0] + sy * uy[0]), p[1] + d * (sx * ux[1] + sy * uy[1])];
    [grow(quad[0], -1.0, -1.0), grow(quad[1], 1.0, -1.0), grow(quad[2], 1.0, 1.0), grow(quad[3], -1.0, 1.0)]
}

/// RapidOCR's `filter_tag_det_res`: boxes 3 px or less on a side are dropped.
pub fn crop_size_ok(quad: &Quad) -> bool {
    dist(quad[0], quad[1]) as u32 > 3 && dist(quad[0], quad[3]) as u32 > 3
}

/// Mean of `map` (row-major, `width` wide) over the pixels inside the convex `quad`
/// (RapidOCR's `box_score_fast`).
pub fn mean_inside(map: &[f32], width: usize, height: usize, quad: &Quad) -> f32 {
    let xmin = quad.iter().map(|p| p[0]).fold(f32::MAX, f32::min).floor().clamp(0.0, (width - 1) as f32) as usize;
    let xmax = quad.iter().map(|p| p[0]).fold(f32::MIN, f32::max).ceil().clamp(0.0, (width - 1) as f32) as usize;
    let ymin = quad.iter().map(|p| p[1]).fold(f32::MAX, f32::min).floor().clamp(0.0, (height - 1) as f32) as usize;
    let ymax = quad.iter().map(|p| p[1]).fold(f32::MIN, f32::max).ceil().clamp(0.0, (height - 1) as f32) as usize;
    let (mut sum, mut n) = (0.0f64, 0u32);
    for y in ymin..=ymax {
        for x in xmin..=xmax {
            if inside(quad, x as f32, y as f32) {
                sum += f64::from(map[y * width + x]);
                n += 1;
            }
        }
    }
    if n == 0 { 0.0 } else { (sum / f64::from(n)) as f32 }
}

/// Whether (x, y) lies inside or on the convex quadrilateral (either winding).
fn inside(quad: &Quad, x: f32, y: f32) -> bool {
    let mut sign = 0.0f32;
    for i in 0..4 {
        let a = quad[i];
        let b = quad[(i + 1) % 4];
        let cross = (b[0] - a[0]) * (y - a[1]) - (b[1] - a[1]) * (x - a[0]);
        if cross.abs() < 0.5 {
            continue;
        }
        if sign == 0.0 {
            sign = cross.signum();
        } else if cross.signum() != sign {
            return false;
        }
    }
    true
}

/// Cuts the quad out of the image as an upright strip (RapidOCR's `get_rotate_crop_image`): a
/// perspective warp to the box's own width and height; a strip much taller than wide is turned a
/// quarter counter-clockwise, as vertical text would be.
pub fn crop(image: &RgbImage, quad: &Quad) -> Option<RgbImage> {
    let w = dist(quad[0], quad[1]).max(dist(quad[2], quad[3])) as u32;
    let h = dist(quad[0], quad[3]).max(dist(quad[1], quad[2])) as u32;
    if w < 2 || h < 2 {
        return None;
    }
    let to = [(0.0, 0.0), (w as f32, 0.0), (w as f32, h as f32), (0.0, h as f32)];
    let from = quad.map(|p| (p[0], p[1]));
    let projection = Projection::from_control_points(from, to)?;
    let mut out = RgbImage::from_pixel(w, h, Rgb([255, 255, 255]));
    warp_into(image, projection, Interpolation::Bicubic, Border::Replicate, &mut out);
    if f64::from(h) / f64::from(w) >= 1.5 {
        out = image::imageops::rotate270(&out);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unclip_grows_each_side_by_the_db_distance() {
        let q = [[10.0, 10.0], [110.0, 10.0], [110.0, 30.0], [10.0, 30.0]];
        let u = unclip(q, 1.6);
        // d = 100·20·1.6 / 240 = 13.33
        assert!((u[0][0] - (10.0 - 13.333)).abs() < 0.01 && (u[0][1] - (10.0 - 13.333)).abs() < 0.01);
        assert!((u[2][0] - (110.0 + 13.333)).abs() < 0.01 && (u[2][1] - (30.0 + 13.333)).abs() < 0.01);
    }

    #[test]
    fn min_area_box_of_a_tilted_bar_follows_the_tilt() {
        // a 100×10 bar rotated by ~5.7° (slope 0.1)
        let mut pts = Vec::new();
        for i in 0..100 {
            for j in 0..10 {
                let (x, y) = (i as f32, j as f32);
                pts.push(Point::new(x - 0.1 * y, y + 0.1 * x));
            }
        }
        let (q, short) = min_area_box(&pts).unwrap();
        // imageproc rounds the corners outwards to whole pixels: up to ~2 px more than the exact 9.05
        assert!((9.0..11.5).contains(&short), "short side {short} {q:?}");
        let slope = (q[1][1] - q[0][1]) / (q[1][0] - q[0][0]);
        assert!((slope - 0.1).abs() < 0.015, "slope {slope}");
    }

    #[test]
    fn order_clockwise_orders_any_permutation() {
        let q = [[0.0, 0.0], [10.0, 0.0], [10.0, 5.0], [0.0, 5.0]];
        assert_eq!(order_clockwise([q[2], q[0], q[3], q[1]]), q);
    }

    #[test]
    fn mean_inside_counts_only_the_quad() {
        let (w, h) = (20, 20);
        let mut map = vec![0.0f32; w * h];
        for y in 5..10 {
            for x in 5..15 {
                map[y * w + x] = 1.0;
            }
        }
        let q = [[5.0, 5.0], [14.0, 5.0], [14.0, 9.0], [5.0, 9.0]];
        assert!((mean_inside(&map, w, h, &q) - 1.0).abs() < 1e-6);
        let wide = [[0.0, 0.0], [19.0, 0.0], [19.0, 19.0], [0.0, 19.0]];
        assert!((mean_inside(&map, w, h, &wide) - 50.0 / 400.0).abs() < 1e-6);
    }
}
